// Reference solution: all four levels of the task manager (graded as TaskManagerImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet.

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

public class TaskManagerImpl implements TaskManager {
    /** A task and its whole life: current values, its active assignment and its event log. */
    private static final class Task {
        final int number; // creation order: ties are broken by it
        final String id;
        final String name;
        int priority;
        boolean removed;
        Assignment assignment; // the active one, or null
        final List<String> history = new ArrayList<>();

        Task(int number, String name, int priority) {
            this.number = number;
            this.id = "task" + number;
            this.name = name;
            this.priority = priority;
        }

        String describe() {
            return id + "(" + name + ", " + priority + ")";
        }
    }

    private static final class User {
        final String id;
        final int quota;
        final Map<String, Assignment> active = new HashMap<>(); // task id -> active assignment
        final List<String> overdue = new ArrayList<>(); // task ids, in the order their assignments expired

        User(String id, int quota) {
            this.id = id;
            this.quota = quota;
        }
    }

    private static final class Assignment {
        final Task task;
        final User user;
        final int deadline;
        final long seq;

        Assignment(Task task, User user, int deadline, long seq) {
            this.task = task;
            this.user = user;
            this.deadline = deadline;
            this.seq = seq;
        }
    }

    private static final Comparator<Task> BY_RANK =
            Comparator.<Task>comparingInt(t -> -t.priority).thenComparingInt(t -> t.number);

    private final Map<String, Task> tasks = new LinkedHashMap<>(); // every task ever added, removed ones included
    private final Map<String, User> users = new HashMap<>();
    private final PriorityQueue<Assignment> deadlines = new PriorityQueue<>(
            Comparator.<Assignment>comparingInt(a -> a.deadline)
                    .thenComparingInt(a -> a.task.number)
                    .thenComparingLong(a -> a.seq));
    private long seq;

    // Helpers

    /** End every assignment due at or before timestamp, in deadline order, before the call runs. */
    private void expire(int timestamp) {
        while (!deadlines.isEmpty() && deadlines.peek().deadline <= timestamp) {
            Assignment assignment = deadlines.poll();
            Task task = assignment.task;
            if (task.assignment != assignment) {
                continue; // completed, or cancelled by a removal, before its deadline
            }
            end(assignment);
            assignment.user.overdue.add(task.id);
            task.history.add(assignment.deadline + ": expired for " + assignment.user.id);
        }
    }

    private void end(Assignment assignment) {
        assignment.task.assignment = null;
        assignment.user.active.remove(assignment.task.id);
    }

    private Task live(int timestamp, String taskId) {
        expire(timestamp);
        Task task = tasks.get(taskId);
        return task == null || task.removed ? null : task;
    }

    // Level 1

    public String addTask(int timestamp, String name, int priority) {
        expire(timestamp);
        if (priority < 1) {
            return null;
        }
        Task task = new Task(tasks.size() + 1, name, priority);
        tasks.put(task.id, task);
        task.history.add(timestamp + ": created with priority " + priority);
        return task.id;
    }

    public boolean updatePriority(int timestamp, String taskId, int priority) {
        Task task = live(timestamp, taskId);
        if (task == null || priority < 1) {
            return false;
        }
        task.history.add(timestamp + ": priority changed from " + task.priority + " to " + priority);
        task.priority = priority;
        return true;
    }

    public String getTask(int timestamp, String taskId) {
        Task task = live(timestamp, taskId);
        return task == null ? null : task.describe();
    }

    public boolean removeTask(int timestamp, String taskId) {
        Task task = live(timestamp, taskId);
        if (task == null) {
            return false;
        }
        if (task.assignment != null) {
            end(task.assignment); // cancelled: frees the quota, never overdue
        }
        task.removed = true;
        task.history.add(timestamp + ": removed");
        return true;
    }

    // Level 2

    public List<String> topTasks(int timestamp, int n) {
        return searchTasks(timestamp, "", n);
    }

    public List<String> searchTasks(int timestamp, String query, int n) {
        expire(timestamp);
        List<String> found = new ArrayList<>();
        if (n <= 0) {
            return found;
        }
        List<Task> matches = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (!task.removed && task.name.contains(query)) {
                matches.add(task);
            }
        }
        matches.sort(BY_RANK);
        for (Task task : matches.subList(0, Math.min(n, matches.size()))) {
            found.add(task.describe());
        }
        return found;
    }

    // Level 3

    public boolean addUser(int timestamp, String userId, int quota) {
        expire(timestamp);
        if (users.containsKey(userId) || quota < 1) {
            return false;
        }
        users.put(userId, new User(userId, quota));
        return true;
    }

    public boolean assignTask(int timestamp, String userId, String taskId, int deadline) {
        Task task = live(timestamp, taskId);
        User user = users.get(userId);
        if (task == null || user == null || deadline <= timestamp) {
            return false;
        }
        if (task.assignment != null || user.active.size() >= user.quota) {
            return false;
        }
        Assignment assignment = new Assignment(task, user, deadline, seq++);
        task.assignment = assignment;
        user.active.put(task.id, assignment);
        deadlines.add(assignment);
        task.history.add(timestamp + ": assigned to " + userId + " until " + deadline);
        return true;
    }

    public boolean completeTask(int timestamp, String userId, String taskId) {
        Task task = live(timestamp, taskId);
        if (task == null || task.assignment == null || !task.assignment.user.id.equals(userId)) {
            return false;
        }
        end(task.assignment);
        task.history.add(timestamp + ": completed by " + userId);
        return true;
    }

    public List<String> getUserTasks(int timestamp, String userId) {
        expire(timestamp);
        List<String> found = new ArrayList<>();
        User user = users.get(userId);
        if (user == null) {
            return found;
        }
        List<Assignment> active = new ArrayList<>(user.active.values());
        active.sort(Comparator.<Assignment>comparingInt(a -> a.deadline).thenComparingInt(a -> a.task.number));
        for (Assignment assignment : active) {
            found.add(assignment.task.describe());
        }
        return found;
    }

    // Level 4

    public List<String> getOverdueTasks(int timestamp, String userId) {
        expire(timestamp);
        User user = users.get(userId);
        return user == null ? new ArrayList<>() : new ArrayList<>(user.overdue);
    }

    public List<String> getTaskHistory(int timestamp, String taskId) {
        expire(timestamp);
        Task task = tasks.get(taskId);
        return task == null ? new ArrayList<>() : new ArrayList<>(task.history);
    }
}
