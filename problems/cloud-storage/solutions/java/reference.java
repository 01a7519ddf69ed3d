// Reference solution: all four levels of the cloud file storage (graded as CloudStorageImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet.

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class CloudStorageImpl implements CloudStorage {
    /** A stored file: its size, and the user who owns it (null: stored with addFile). */
    private static final class StoredFile {
        final int size;
        String owner;

        StoredFile(int size, String owner) {
            this.size = size;
            this.owner = owner;
        }
    }

    /** A user's capacity, how much of it their files use, and the names of those files. */
    private static final class User {
        int capacity;
        int used;
        final Set<String> files = new HashSet<>();

        User(int capacity) {
            this.capacity = capacity;
        }

        int remaining() {
            return capacity - used;
        }
    }

    private final Map<String, StoredFile> files = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    // user id -> name -> size, as saved by the user's latest backup
    private final Map<String, Map<String, Integer>> backups = new HashMap<>();

    // Level 1

    public boolean addFile(String name, int size) {
        if (size < 0 || files.containsKey(name)) {
            return false;
        }
        files.put(name, new StoredFile(size, null));
        return true;
    }

    public Integer getFileSize(String name) {
        StoredFile found = files.get(name);
        return found == null ? null : found.size;
    }

    public Integer deleteFile(String name) {
        StoredFile found = files.remove(name);
        if (found == null) {
            return null;
        }
        if (found.owner != null) {
            User owner = users.get(found.owner);
            owner.used -= found.size;
            owner.files.remove(name);
        }
        return found.size;
    }

    // Level 2

    public List<String> largestFiles(String prefix, int n) {
        List<String> listed = new ArrayList<>();
        if (n <= 0) {
            return listed;
        }
        List<Map.Entry<String, StoredFile>> matching = new ArrayList<>();
        for (Map.Entry<String, StoredFile> file : files.entrySet()) {
            if (file.getKey().startsWith(prefix)) {
                matching.add(file);
            }
        }
        // Largest first, then by name: String's compareTo orders by UTF-16 code unit, which for this
        // problem's ASCII names is the plain string order the spec asks for.
        matching.sort((a, b) -> a.getValue().size != b.getValue().size
                ? Integer.compare(b.getValue().size, a.getValue().size)
                : a.getKey().compareTo(b.getKey()));
        for (Map.Entry<String, StoredFile> file : matching.subList(0, Math.min(n, matching.size()))) {
            listed.add(file.getKey() + "(" + file.getValue().size + ")");
        }
        return listed;
    }

    // Level 3

    public boolean addUser(String userId, int capacity) {
        if (capacity < 0 || users.containsKey(userId)) {
            return false;
        }
        users.put(userId, new User(capacity));
        return true;
    }

    public Integer addFileBy(String userId, String name, int size) {
        User user = users.get(userId);
        if (user == null || size < 0 || files.containsKey(name) || size > user.remaining()) {
            return null;
        }
        store(userId, user, name, size);
        return user.remaining();
    }

    public Integer mergeUsers(String targetUserId, String sourceUserId) {
        User target = users.get(targetUserId);
        User source = users.get(sourceUserId);
        if (target == null || source == null || targetUserId.equals(sourceUserId)) {
            return null;
        }
        for (String name : source.files) {
            files.get(name).owner = targetUserId;
        }
        target.files.addAll(source.files);
        target.capacity += source.capacity;
        target.used += source.used;
        users.remove(sourceUserId);
        backups.remove(sourceUserId); // a backup belongs to the user, not to the id
        return target.remaining();
    }

    // Level 4

    public Integer backupUser(String userId) {
        User user = users.get(userId);
        if (user == null) {
            return null;
        }
        // A copy of names and sizes: later changes to the user's files must not reach the backup.
        Map<String, Integer> saved = new HashMap<>();
        for (String name : user.files) {
            saved.put(name, files.get(name).size);
        }
        backups.put(userId, saved);
        return saved.size();
    }

    public Integer restoreUser(String userId) {
        User user = users.get(userId);
        if (user == null) {
            return null;
        }
        for (String name : new ArrayList<>(user.files)) {
            deleteFile(name);
        }
        int restored = 0;
        for (Map.Entry<String, Integer> saved : backups.getOrDefault(userId, Map.of()).entrySet()) {
            if (!files.containsKey(saved.getKey())) { // a name someone else holds now is skipped
                store(userId, user, saved.getKey(), saved.getValue());
                restored++;
            }
        }
        return restored;
    }

    // Shared helpers

    private void store(String userId, User user, String name, int size) {
        files.put(name, new StoredFile(size, userId));
        user.used += size;
        user.files.add(name);
    }
}
