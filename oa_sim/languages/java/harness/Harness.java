package oasim;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * oa-sim's Java harness: plays each case's calls on the candidate's class and writes the answers,
 * as JSON lines, to the events file the job names (the protocol of oa_sim/grading/runner.py).
 *
 * <p>The main thread never runs candidate code. Each case runs on a thread of its own, in a class
 * loader of its own; the main thread times it once its classes are loaded, in CPU time of that
 * thread (the JIT compiler's and the collector's threads are the JVM's, not the candidate's), with a
 * wall-clock backstop for code that waits instead of computing. A case that runs past its
 * limit, prints without end or runs out of memory gets its result, then the process halts (no
 * Java thread can be stopped safely) and the parent starts a new one for the cases not yet judged.
 * Expected values never reach this process: it only answers.
 *
 * <pre>
 *   java -cp &lt;harness classes&gt; oasim.Harness &lt;job.json&gt;        run a job
 *   java -cp &lt;harness classes&gt; oasim.Harness --wait &lt;parent pid&gt;  warm up, then read the job's path from stdin
 * </pre>
 */
public final class Harness {
    // Deep recursion (100,000 frames and more) works; a runaway one overflows in milliseconds.
    private static final long STACK_BYTES = 8L << 20;
    private static final int WARM_UP_FROM = 2_000; // calls in a case: a scale test
    private static final Object LOCK = new Object();
    private static FileOutputStream events;
    private static String token = ""; // opens every line written to events
    private static volatile String running; // the case under way, for a shutdown that ends it
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long POLL_NANOS = 2_000_000;
    // Set by the case's thread once its classes are loaded: when its clock starts.
    private static volatile long loadedCpu = -1;
    private static volatile long loadedAt;

    private Harness() {}

    public static void main(String[] args) {
        PrintStream stderr = System.err; // before candidate output is captured: the harness's own failures go here
        try {
            run(args);
        } catch (Throwable failed) {
            failed.printStackTrace(stderr);
            stderr.flush();
            Exits.halt(70);
        }
    }

    private static void run(String[] args) throws Exception {
        boolean waiting = args.length == 2 && args[0].equals("--wait");
        if (args.length != 1 && !waiting) {
            System.err.println("usage: oasim.Harness <job.json> | --wait <parent pid>");
            System.exit(2);
        }
        String jobArg = args[0];
        if (waiting) {
            // Started before the job is known: the warm-up overlaps with the parent's compile.
            watchParent(Long.parseLong(args[1]));
            warmUp(30_000, null); // as long as a scale test: it costs no one's time here
            jobArg = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (jobArg == null || jobArg.isBlank()) Exits.halt(0); // the parent went on without us
        }
        Path jobPath = Paths.get(jobArg.trim()).toAbsolutePath();
        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) Json.parse(Files.readString(jobPath));
        if (!waiting) watchParent(((Number) job.get("parent_pid")).longValue());
        events = new FileOutputStream(String.valueOf(job.get("events")), true);
        token = job.get("token") == null ? "" : String.valueOf(job.get("token"));
        Path folder = jobPath.getParent();

        Set<Object> skip = new HashSet<>((List<?>) job.get("skip"));
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Object> collected = new ArrayList<>();
        for (Object item : (List<?>) job.get("cases")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> one = (Map<String, Object>) item;
            if (skip.contains(one.get("id"))) continue;
            cases.add(one);
            collected.add(map("nodeid", one.get("id")));
        }
        emit(map("ev", "collected", "tests", collected));

        long limitNanos = (long) (((Number) job.get("test_time_limit")).doubleValue() * 1e9);
        Object wall = job.get("wall_time_limit");
        long wallNanos = wall instanceof Number ? (long) (((Number) wall).doubleValue() * 1e9) : limitNanos;
        long fileSizeLimit = ((Number) job.get("file_size_limit")).longValue();
        long memoryMb = ((Number) job.get("memory_limit_mb")).longValue();
        Output output = new Output((int) ((Number) job.get("output_limit_bytes")).longValue(), fileSizeLimit);
        PrintStream captured = new Output.Stream(output);
        System.setOut(captured);
        System.setErr(captured);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Exits.install(() -> {
            String id = running;
            if (id != null) emit(result(id, "error", "your code called System.exit", 0, output));
        });

        URL classes = folder.resolve("classes").toUri().toURL();
        String solutionFile = String.valueOf(job.get("solution_file"));
        String interfaceFile = String.valueOf(job.get("interface_file_name"));
        Player player = new Player(classes, String.valueOf(job.get("impl_class")), solutionFile, interfaceFile, () -> {
            loadedAt = System.nanoTime();
            loadedCpu = THREADS.getCurrentThreadCpuTime();
            emit(map("ev", "loaded"));
        });

        if (!waiting) {
            int longest = 0;
            for (Map<String, Object> one : cases) longest = Math.max(longest, ((List<?>) one.get("calls")).size());
            warmUp(longest, output);
        }
        for (Map<String, Object> one : cases) {
            String id = String.valueOf(one.get("id"));
            @SuppressWarnings("unchecked")
            List<Object> calls = (List<Object>) one.get("calls");
            BlockingQueue<Object> done = new ArrayBlockingQueue<>(2);
            Object overflow = new Object();
            output.reset(() -> done.offer(overflow));
            running = id;
            emit(map("ev", "start", "nodeid", id));
            loadedCpu = -1;
            ThreadGroup group = new ThreadGroup("case");
            Thread worker = new Thread(group, () -> {
                Player.Outcome played = player.play(calls);
                long atLoad = loadedCpu;
                played.cpuNanos = atLoad < 0 ? 0 : THREADS.getCurrentThreadCpuTime() - atLoad;
                done.offer(played);
            }, "solution", STACK_BYTES);
            worker.setDaemon(true);
            worker.start();
            Object got = awaitCase(done, worker, limitNanos, wallNanos);
            double seconds = got instanceof Player.Outcome ? ((Player.Outcome) got).cpuNanos / 1e9 : spent(worker) / 1e9;
            if (got == null) {
                emit(result(id, "timeout", "timed out after " + seconds(limitNanos / 1e9) + " s", seconds, output));
                Exits.halt(3);
            }
            if (got == overflow) {
                emit(result(id, "error", "your code wrote more output than the grader accepts (" + (fileSizeLimit >> 20) + " MiB)", seconds, output));
                Exits.halt(3);
            }
            Player.Outcome outcome = (Player.Outcome) got;
            String exit = Exits.takeRequest();
            worker.join(1000);
            running = null;
            if (outcome.outOfMemory) {
                emit(result(id, "error", "ran out of memory (limit " + memoryMb + " MiB)", seconds, output));
                Exits.halt(3); // a fresh heap for the rest
            } else if (exit != null) {
                emit(result(id, "error", "your code called " + exit, seconds, output));
            } else if (outcome.loadError != null) {
                Map<String, Object> event = result(id, "error", outcome.loadError, seconds, output);
                event.put("detail", joined(outcome.detail, (String) event.get("detail")));
                event.put("import_error", true);
                emit(event);
            } else {
                Map<String, Object> event = result(id, "answered", "", seconds, output);
                event.put("answers", outcome.answers);
                emit(event);
            }
            if (group.activeCount() > 0) {
                Exits.halt(0); // threads the candidate started still run: the rest get a clean process
            }
        }
        emit(map("ev", "finish"));
        Exits.halt(0);
    }

    /**
     * What the case's thread answered (or the overflow mark), or null once it has spent its limit
     * of CPU time, or of wall-clock time, since its classes were loaded. Loading has no limit here:
     * the parent's watchdog gives it an allowance of its own.
     */
    private static Object awaitCase(BlockingQueue<Object> done, Thread worker, long limitNanos, long wallNanos)
            throws InterruptedException {
        while (true) {
            Object got = done.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
            if (got != null) return got;
            if (loadedCpu >= 0 && (spent(worker) > limitNanos || System.nanoTime() - loadedAt > wallNanos)) {
                got = done.poll(); // it may have answered just now
                return got;
            }
        }
    }

    /** The CPU time the case's thread has spent since its classes were loaded. */
    private static long spent(Thread worker) {
        long atLoad = loadedCpu;
        long now = THREADS.getThreadCpuTime(worker.getId());
        return atLoad < 0 || now < 0 ? 0 : now - atLoad;
    }

    /**
     * Play the harness's own stand-in solution first: a fresh JVM is slow at everything it does
     * the first time, and that is no test's time. A job with a long case (a scale test) gets a
     * longer warm-up, so the JIT has compiled the calls' common path before the clock starts.
     */
    private static void warmUp(int longest, Output output) throws IOException {
        URL own = Harness.class.getProtectionDomain().getCodeSource().getLocation();
        Player player = new Player(own, Warmup.class.getName(), "Warmup.java", "Warmup.java", () -> {});
        if (output != null) output.reset(() -> {});
        boolean scale = longest >= WARM_UP_FROM;
        int size = scale ? Math.min(longest, 40_000) : 500;
        for (int round = 0; round < (scale ? 3 : 1); round++) player.play(Warmup.calls(size));
    }

    private static Map<String, Object> result(String id, String outcome, String message, double seconds, Output output) {
        Map<String, Object> event = map("ev", "result", "nodeid", id, "outcome", outcome, "message", message);
        event.put("duration", seconds);
        event.put("import_error", false);
        String printed = output.text();
        event.put("detail", printed.isEmpty() ? "" : "--- output ---\n" + printed);
        return event;
    }

    private static String joined(String first, String second) {
        if (first.isEmpty()) return second;
        return second.isEmpty() ? first : first + "\n\n" + second;
    }

    private static String seconds(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    /** One event, one write: a line is whole in the file or not there at all. */
    static void emit(Map<String, Object> event) {
        // The run's token opens every line, after a line break: what the candidate's code writes to
        // this file is a line of its own, without the token, and the parent ignores it.
        byte[] line = ("\n" + token + Json.write(event) + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (LOCK) {
            try {
                events.write(line);
            } catch (IOException lost) {
                Exits.halt(4); // the parent reads nothing more from us: end, and let it account
            }
        }
    }

    private static void watchParent(long parentPid) {
        // The harness must not outlive oa-sim: once it is gone, this process is re-parented.
        if (parentPid <= 0) return;
        Thread watcher = new Thread(() -> {
            while (true) {
                long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (parent != parentPid) Exits.halt(1);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ignored) {
                    return;
                }
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
