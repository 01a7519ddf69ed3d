// Reference solution: all four levels of the in-memory database (graded as InMemoryDBImpl.java),
// level 4 in each of its variants (backup, transactions, compression): a session calls only its
// own variant's methods.
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet, and no variant's interface
// declares another variant's methods.

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class InMemoryDBImpl implements InMemoryDB {
    private static final Pattern DIGIT = Pattern.compile("[0-9]");
    private static final Pattern RUN = Pattern.compile("([0-9]+)([^0-9])"); // a run: its length, its character

    /** Run-length encoding: each maximal run of one character as its length, then the character. */
    private static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (int start = 0; start < value.length(); ) {
            int end = start + 1;
            while (end < value.length() && value.charAt(end) == value.charAt(start)) {
                end++;
            }
            encoded.append(end - start).append(value.charAt(start));
            start = end;
        }
        return encoded.toString();
    }

    private static String decode(String stored) {
        StringBuilder plain = new StringBuilder();
        Matcher run = RUN.matcher(stored);
        while (run.find()) {
            plain.append(run.group(2).repeat(Integer.parseInt(run.group(1))));
        }
        return plain.toString();
    }

    /** A field's value as stored (run-length encoded when {@code encoded}), and the first
     * timestamp at which it is gone (null: never). */
    private static final class Entry {
        final String value;
        final Integer expiresAt;
        final boolean encoded;

        Entry(String value, Integer expiresAt) {
            this(value, expiresAt, false);
        }

        Entry(String value, Integer expiresAt, boolean encoded) {
            this.value = value;
            this.expiresAt = expiresAt;
            this.encoded = encoded;
        }

        /** Whether the field exists at {@code now}; null means "no clock" (levels 1-2). */
        boolean isAlive(Integer now) {
            return now == null || expiresAt == null || now < expiresAt;
        }

        /** The value as it was written. */
        String plain() {
            return encoded ? decode(value) : value;
        }

        /** The same field as a compressed or a plain record stores it. A value with a digit is
         * never encoded: its digits could not be told apart from the run lengths. */
        Entry stored(boolean compressed) {
            String plain = plain();
            if (compressed && !DIGIT.matcher(plain).find()) {
                return new Entry(encode(plain), expiresAt, true);
            }
            return new Entry(plain, expiresAt);
        }
    }

    /** A backed-up field: its value and the TTL it had left (null: none). */
    private static final class Saved {
        final String value;
        final Integer remaining;

        Saved(String value, Integer remaining) {
            this.value = value;
            this.remaining = remaining;
        }
    }

    /** A backup: when it was taken, and key -> field -> what was saved. */
    private static final class Backup {
        final int timestamp;
        final Map<String, Map<String, Saved>> records;

        Backup(int timestamp, Map<String, Map<String, Saved>> records) {
            this.timestamp = timestamp;
            this.records = records;
        }
    }

    // key -> field -> entry. Each record is a TreeMap, which keeps its fields sorted the way scans
    // list them: String's compareTo orders by UTF-16 code unit, which for this problem's ASCII
    // names is the order the spec asks for.
    private Map<String, Map<String, Entry>> records = new HashMap<>();
    private final List<Backup> backups = new ArrayList<>(); // in increasing timestamp order
    // Open transactions, innermost last: each is a copy of the records as they were when it began.
    private final List<Map<String, Map<String, Entry>>> open = new ArrayList<>();
    private final Set<String> compressed = new HashSet<>(); // the keys of compressed records

    // Level 1: the untimestamped calls are the timestamped ones without a clock.

    public void set(String key, String field, String value) {
        write(key, field, new Entry(value, null), null);
    }

    public String get(String key, String field) {
        return read(key, field, null);
    }

    public boolean delete(String key, String field) {
        return remove(key, field, null);
    }

    // Level 2

    public List<String> scan(String key) {
        return scan(key, "", null);
    }

    public List<String> scanByPrefix(String key, String prefix) {
        return scan(key, prefix, null);
    }

    // Level 3

    public void setAt(String key, String field, String value, int timestamp) {
        // A fresh entry without expiry: setting a field again drops whatever TTL it had.
        write(key, field, new Entry(value, null), timestamp);
    }

    public void setAtWithTtl(String key, String field, String value, int timestamp, int ttl) {
        write(key, field, new Entry(value, timestamp + ttl), timestamp);
    }

    public boolean deleteAt(String key, String field, int timestamp) {
        return remove(key, field, timestamp);
    }

    public String getAt(String key, String field, int timestamp) {
        return read(key, field, timestamp);
    }

    public List<String> scanAt(String key, int timestamp) {
        return scan(key, "", timestamp);
    }

    public List<String> scanByPrefixAt(String key, String prefix, int timestamp) {
        return scan(key, prefix, timestamp);
    }

    // Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

    public int backup(int timestamp) {
        // A backup keeps each field's remaining TTL rather than its expiry, because a restore
        // counts the remaining lifetime from its own timestamp.
        Map<String, Map<String, Saved>> snapshot = new HashMap<>();
        for (Map.Entry<String, Map<String, Entry>> record : records.entrySet()) {
            Map<String, Saved> saved = new HashMap<>();
            for (Map.Entry<String, Entry> field : record.getValue().entrySet()) {
                Entry entry = field.getValue();
                if (entry.isAlive(timestamp)) {
                    Integer remaining = entry.expiresAt == null ? null : entry.expiresAt - timestamp;
                    saved.put(field.getKey(), new Saved(entry.value, remaining));
                }
            }
            // A record whose fields have all expired no longer exists: it is neither saved nor counted.
            if (!saved.isEmpty()) {
                snapshot.put(record.getKey(), saved);
            }
        }
        backups.add(new Backup(timestamp, snapshot));
        return snapshot.size();
    }

    public void restore(int timestamp, int timestampToRestore) {
        Backup chosen = null;
        for (Backup backup : backups) {
            if (backup.timestamp <= timestampToRestore) {
                chosen = backup;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no backup taken at or before " + timestampToRestore);
        }
        // Fresh maps and entries, so that later writes never reach into the backup, which may be
        // restored again.
        records = new HashMap<>();
        for (Map.Entry<String, Map<String, Saved>> record : chosen.records.entrySet()) {
            Map<String, Entry> fields = new TreeMap<>();
            for (Map.Entry<String, Saved> field : record.getValue().entrySet()) {
                Saved saved = field.getValue();
                Integer expiresAt = saved.remaining == null ? null : timestamp + saved.remaining;
                fields.put(field.getKey(), new Entry(saved.value, expiresAt));
            }
            records.put(record.getKey(), fields);
        }
    }

    // Level 4, transactions variant. Every call works on the live records, which hold the changes
    // of all open transactions. Entries are immutable and keep their expiry moments, so copying each
    // record's map is enough, and a rollback brings each field back with its lifetime.

    public int begin(int timestamp) {
        Map<String, Map<String, Entry>> copy = new HashMap<>();
        for (Map.Entry<String, Map<String, Entry>> record : records.entrySet()) {
            copy.put(record.getKey(), new TreeMap<>(record.getValue()));
        }
        open.add(copy);
        return open.size();
    }

    public boolean commit(int timestamp) {
        // The changes are in the live records already. The parent's copy predates them, so a
        // rollback of the parent undoes them too: they have merged into it.
        if (open.isEmpty()) {
            return false;
        }
        open.remove(open.size() - 1);
        return true;
    }

    public boolean rollback(int timestamp) {
        if (open.isEmpty()) {
            return false;
        }
        records = open.remove(open.size() - 1);
        return true;
    }

    // Level 4, compression variant

    public boolean compress(int timestamp, String key) {
        return storeRecord(key, timestamp, true);
    }

    public boolean decompress(int timestamp, String key) {
        return storeRecord(key, timestamp, false);
    }

    public String storedValue(int timestamp, String key, String field) {
        Entry entry = records.getOrDefault(key, Map.of()).get(field);
        return entry != null && entry.isAlive(timestamp) ? entry.value : null;
    }

    public Integer storedSize(int timestamp, String key) {
        if (!exists(key, timestamp)) {
            return null;
        }
        int size = 0;
        for (Entry entry : records.get(key).values()) {
            if (entry.isAlive(timestamp)) {
                size += entry.value.length();
            }
        }
        return size;
    }

    private boolean storeRecord(String key, int now, boolean compress) {
        if (!exists(key, now) || compressed.contains(key) == compress) {
            return false;
        }
        if (compress) {
            compressed.add(key);
        } else {
            compressed.remove(key);
        }
        records.get(key).replaceAll((name, entry) -> entry.stored(compress));
        return true;
    }

    // Shared helpers

    /** Whether the record at {@code key} holds a field that exists at {@code now}. */
    private boolean exists(String key, Integer now) {
        Map<String, Entry> fields = records.get(key);
        return fields != null && fields.values().stream().anyMatch(entry -> entry.isAlive(now));
    }

    private void write(String key, String field, Entry entry, Integer now) {
        if (compressed.contains(key) && !exists(key, now)) {
            compressed.remove(key); // the record is gone, and its compression with it
        }
        if (compressed.contains(key)) {
            entry = entry.stored(true);
        }
        records.computeIfAbsent(key, unused -> new TreeMap<>()).put(field, entry);
    }

    private String read(String key, String field, Integer now) {
        Map<String, Entry> fields = records.get(key);
        Entry entry = fields == null ? null : fields.get(field);
        return entry != null && entry.isAlive(now) ? entry.plain() : null;
    }

    private boolean remove(String key, String field, Integer now) {
        Map<String, Entry> fields = records.get(key);
        // An expired field behaves as if it had never been set, so it cannot be deleted either.
        if (fields == null || !fields.containsKey(field) || !fields.get(field).isAlive(now)) {
            return false;
        }
        fields.remove(field);
        // A record exists only while it holds at least one field.
        if (fields.isEmpty()) {
            records.remove(key);
        }
        return true;
    }

    private List<String> scan(String key, String prefix, Integer now) {
        List<String> found = new ArrayList<>();
        Map<String, Entry> fields = records.get(key);
        if (fields == null) {
            return found;
        }
        for (Map.Entry<String, Entry> field : fields.entrySet()) {
            if (field.getKey().startsWith(prefix) && field.getValue().isAlive(now)) {
                found.add(field.getKey() + "(" + field.getValue().plain() + ")");
            }
        }
        return found;
    }
}
