package oasim;

import java.security.Permission;

/**
 * Turns candidate code's {@code System.exit} into an error of the running case instead of the end
 * of the process, where the JVM still allows a security manager (Java 17 to 23, started with
 * {@code -Djava.security.manager=allow}). Elsewhere a shutdown hook reports the case before the
 * process ends, and the parent restarts the harness for the rest.
 */
final class Exits {
    /** Thrown into the code that called {@code System.exit}: the call never returns. */
    static final class ExitRequested extends SecurityException {
        private static final long serialVersionUID = 1L;

        ExitRequested(String call) {
            super(call + " was called");
        }
    }

    private static volatile boolean leaving;
    private static volatile String requested; // "System.exit(3)"
    private static volatile Runnable onShutdown;

    private Exits() {}

    /** Install the guard; {@code onShutdown} reports the running case if the process ends anyway. */
    @SuppressWarnings("removal")
    static void install(Runnable onShutdown) {
        Exits.onShutdown = onShutdown;
        try {
            System.setSecurityManager(new Guard());
        } catch (UnsupportedOperationException | SecurityException unavailable) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Runnable report = Exits.onShutdown;
                if (!leaving && report != null) report.run();
            }));
        }
    }

    /** How candidate code asked to end the process since the last call ("System.exit(3)"), or null. */
    static String takeRequest() {
        String status = requested;
        requested = null;
        return status;
    }

    /** End the process now, without shutdown hooks and whatever threads the candidate started. */
    static void halt(int status) {
        leaving = true;
        Runtime.getRuntime().halt(status);
    }

    @SuppressWarnings("removal")
    private static final class Guard extends SecurityManager {
        @Override
        public void checkPermission(Permission permission) {
            // Everything is allowed: this guard is about exits, not a sandbox.
        }

        @Override
        public void checkPermission(Permission permission, Object context) {}

        @Override
        public void checkExit(int status) {
            if (leaving) return;
            String call = "System.exit(" + status + ")";
            for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
                if (frame.getClassName().equals("java.lang.Runtime") && frame.getMethodName().equals("halt")) {
                    call = "Runtime.getRuntime().halt(" + status + ")";
                }
            }
            requested = call;
            throw new ExitRequested(call);
        }
    }
}
