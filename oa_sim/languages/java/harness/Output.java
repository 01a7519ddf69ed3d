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
        Runnable tell = null;
        synchronized (this) {
            long before = written;
            written += length;
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
}
