package oasim;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code System.out} and {@code System.err} write while candidate code runs: the first bytes
 * are kept for the report, the rest only counted. Past the file-size limit the running case is
 * told at once, since the loop that prints may never return.
 */
final class Output extends OutputStream {
    private final int keep;
    private final long limit;
    private byte[] kept;
    private int size;
    private long written;
    private Runnable onOverflow;

    Output(int keep, long limit) {
        this.keep = keep;
        this.limit = limit;
        this.kept = new byte[Math.min(keep, 8192)];
    }

    /** Start a case: forget what the last one wrote, and whom to tell about too much output. */
    synchronized void reset(Runnable onOverflow) {
        size = 0;
        written = 0;
        this.onOverflow = onOverflow;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        written(bytes, offset, length, length);
    }

    /**
     * A string printed: only the part that is kept is encoded, the rest is counted as one byte a
     * character. Encoding every character of a runaway print would take longer than a test may
     * run, and the limit would show up as a timeout instead of what it is.
     */
    void print(String text) {
        int room;
        synchronized (this) {
            room = keep - size;
        }
        byte[] head = (room > 0 ? text.substring(0, Math.min(text.length(), room)) : "").getBytes(StandardCharsets.UTF_8);
        written(head, 0, Math.min(head.length, Math.max(room, 0)), Math.max(text.length(), head.length));
    }

    private void written(byte[] bytes, int offset, int length, long counted) {
        Runnable tell = null;
        synchronized (this) {
            long before = written;
            written += counted;
            int room = Math.min(length, keep - size);
            if (room > 0) {
                if (size + room > kept.length) {
                    byte[] grown = new byte[Math.min(keep, Math.max(kept.length * 2, size + room))];
                    System.arraycopy(kept, 0, grown, 0, size);
                    kept = grown;
                }
                System.arraycopy(bytes, offset, kept, size, room);
                size += room;
            }
            if (before <= limit && written > limit) tell = onOverflow;
        }
        if (tell != null) {
            tell.run();
        }
        if (written > limit) {
            // The case is over and the process is about to end: stop this thread printing.
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        }
    }

    /** What the case printed, clipped, as text. */
    synchronized String text() {
        String shown = new String(kept, 0, size, StandardCharsets.UTF_8);
        return written > size ? shown + "\n[output clipped: " + written + " bytes in all]" : shown;
    }

    /** {@code System.out} and {@code System.err} while candidate code runs: strings take the quick way in. */
    static final class Stream extends java.io.PrintStream {
        private final Output output;

        Stream(Output output) {
            super(output, true, StandardCharsets.UTF_8);
            this.output = output;
        }

        @Override
        public void print(String text) {
            output.print(text == null ? "null" : text);
        }

        @Override
        public void print(Object value) {
            print(String.valueOf(value));
        }

        @Override
        public void println(String text) {
            synchronized (this) {
                print(text);
                print("\n");
            }
        }

        @Override
        public void println(Object value) {
            println(String.valueOf(value));
        }
    }
}
