// Reference solution: all four levels of the file system (graded as FileSystemImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet.

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

public class FileSystemImpl implements FileSystem {
    /**
     * A file (it has a size) or a directory (children by name, perhaps a quota). {@code total} is
     * a file's size or the sum of every file under a directory: kept up to date along the path
     * above each change, it answers sizes and quota checks without walking a subtree.
     */
    private static final class Node {
        final Integer size; // null for a directory
        int total;
        String name = "";
        Node parent;
        // A TreeMap keeps the names sorted the way listDir lists them: String's compareTo orders
        // by UTF-16 code unit, which for this problem's ASCII names is character code order.
        final Map<String, Node> children = new TreeMap<>();
        Integer quota;

        Node(Integer size) {
            this.size = size;
            this.total = size == null ? 0 : size;
        }

        boolean isDir() {
            return size == null;
        }

        /** The directories that hold this node: its parent, its parent's parent, up to the root. */
        List<Node> holders() {
            List<Node> found = new ArrayList<>();
            for (Node node = parent; node != null; node = node.parent) {
                found.add(node);
            }
            return found;
        }
    }

    /** A file found by largestFiles: its full path and size. */
    private static final class Found {
        final String path;
        final int size;

        Found(String path, int size) {
            this.path = path;
            this.size = size;
        }
    }

    private final Node root = new Node(null);

    // Level 1

    public boolean makeDir(String path) {
        return place(path, new Node(null));
    }

    public boolean createFile(String path, int size) {
        return size >= 0 && place(path, new Node(size));
    }

    public Integer getFileSize(String path) {
        Node node = find(path);
        return node == null ? null : node.size;
    }

    // Level 2

    public List<String> listDir(String path) {
        List<String> listed = new ArrayList<>();
        Node node = dir(path);
        if (node == null) {
            return listed;
        }
        // In name order: the "/" after a directory's name takes no part in the sorting.
        for (Map.Entry<String, Node> entry : node.children.entrySet()) {
            listed.add(entry.getValue().isDir() ? entry.getKey() + "/" : entry.getKey());
        }
        return listed;
    }

    public List<String> largestFiles(String path, int n) {
        List<String> listed = new ArrayList<>();
        Node node = dir(path);
        if (node == null || n <= 0) {
            return listed;
        }
        // Full paths are built from the tree as it is now, so they follow every move.
        List<Found> files = new ArrayList<>();
        collectFiles(node, path.endsWith("/") ? path.substring(0, path.length() - 1) : path, files);
        files.sort(Comparator.comparingInt((Found file) -> -file.size).thenComparing(file -> file.path));
        for (Found file : files.subList(0, Math.min(n, files.size()))) {
            listed.add(file.path + "(" + file.size + ")");
        }
        return listed;
    }

    // Level 3

    public Integer getDirSize(String path) {
        Node node = dir(path);
        return node == null ? null : node.total;
    }

    public boolean setQuota(String path, int quota) {
        Node node = dir(path);
        if (node == null || quota < 0 || node.total > quota) {
            return false;
        }
        node.quota = quota;
        return true;
    }

    public boolean removeQuota(String path) {
        Node node = dir(path);
        if (node == null || node.quota == null) {
            return false;
        }
        node.quota = null;
        return true;
    }

    // Level 4

    public boolean move(String source, String target) {
        Node node = find(source);
        Node parent = holderOf(target);
        String name = lastName(target);
        if (node == null || parent == null || !parent.isDir() || parent.children.containsKey(name)) {
            return false;
        }
        if (node == parent || parent.holders().contains(node)) {
            return false; // into its own subtree (the root holds everything)
        }
        // The directories that hold the node before and after the move keep their totals; only
        // the target's other holders gain its size.
        if (!fits(parent, node.total, new HashSet<>(node.holders()))) {
            return false;
        }
        unlink(node);
        link(parent, name, node);
        return true;
    }

    public boolean delete(String path) {
        Node node = find(path);
        if (node == null || node == root) {
            return false;
        }
        unlink(node);
        return true;
    }

    // Shared helpers

    private Node find(String path) {
        Node node = root;
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue; // "/" has no names, "/a/b" has "a" and "b"
            }
            node = node.children.get(name); // a file has no children: a path through it ends here
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private Node dir(String path) {
        Node node = find(path);
        return node != null && node.isDir() ? node : null;
    }

    /** The node that would hold path: null when it is missing, or for the root. */
    private Node holderOf(String path) {
        return lastName(path).isEmpty() ? null : find(path.substring(0, path.lastIndexOf('/')));
    }

    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private boolean place(String path, Node node) {
        Node parent = holderOf(path);
        String name = lastName(path);
        if (parent == null || !parent.isDir() || parent.children.containsKey(name) || !fits(parent, node.total, Set.of())) {
            return false;
        }
        link(parent, name, node);
        return true;
    }

    /** Whether parent and its holders (but those in keeps) stay within their quotas gaining amount. */
    private static boolean fits(Node parent, int amount, Set<Node> keeps) {
        for (Node holder = parent; holder != null; holder = holder.parent) {
            if (!keeps.contains(holder) && holder.quota != null && holder.total + amount > holder.quota) {
                return false;
            }
        }
        return true;
    }

    private static void link(Node parent, String name, Node node) {
        node.name = name;
        node.parent = parent;
        parent.children.put(name, node);
        for (Node holder = parent; holder != null; holder = holder.parent) {
            holder.total += node.total;
        }
    }

    private static void unlink(Node node) {
        node.parent.children.remove(node.name);
        for (Node holder = node.parent; holder != null; holder = holder.parent) {
            holder.total -= node.total;
        }
    }

    /** Every file under top; topPath is top's path without a final "/". */
    private static void collectFiles(Node top, String topPath, List<Found> files) {
        for (Map.Entry<String, Node> entry : top.children.entrySet()) {
            String childPath = topPath + "/" + entry.getKey();
            Node child = entry.getValue();
            if (child.isDir()) {
                collectFiles(child, childPath, files);
            } else {
                files.add(new Found(childPath, child.size));
            }
        }
    }
}
