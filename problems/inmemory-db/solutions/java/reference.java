// Reference solution: all four levels of the in-memory database (graded as InMemoryDBImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet.

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class InMemoryDBImpl implements InMemoryDB {
    /** A field's value, and the first timestamp at which it is gone (null: never). */
    private static final class Entry {
        final String value;
        final Integer expiresAt;

        Entry(String value, Integer expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }

        /** Whether the field exists at {@code now}; null means "no clock" (levels 1-2). */
        boolean isAlive(Integer now) {
            return now == null || expiresAt == null || now < expiresAt;
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

    // Level 1: the untimestamped calls are the timestamped ones without a clock.

    public void set(String key, String field, String value) {
        write(key, field, new Entry(value, null));
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
        write(key, field, new Entry(value, null));
    }

    public void setAtWithTtl(String key, String field, String value, int timestamp, int ttl) {
        write(key, field, new Entry(value, timestamp + ttl));
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

    // Level 4

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

    // Shared helpers

    private void write(String key, String field, Entry entry) {
        records.computeIfAbsent(key, unused -> new TreeMap<>()).put(field, entry);
    }

    private String read(String key, String field, Integer now) {
        Map<String, Entry> fields = records.get(key);
        Entry entry = fields == null ? null : fields.get(field);
        return entry != null && entry.isAlive(now) ? entry.value : null;
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
                found.add(field.getKey() + "(" + field.getValue().value + ")");
            }
        }
        return found;
    }
}
