package dev.ebee.cli.privilege;

import dev.ebee.fs.Mounts;
import dev.ebee.fs.TraceFs;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an administrator grants so that tracing tools run without root (README, doctor): tracefs
 * remounted with a group that may read it ({@code gid=}, {@code mode=750}), here nobody's group,
 * for as long as a test needs it; closing puts the mount's own gid and mode back.
 */
final class TracefsGroupAccess implements AutoCloseable {
    private static final Pattern GID = Pattern.compile("(?:^|,)gid=(\\d+)"), MODE = Pattern.compile("(?:^|,)mode=([0-7]+)");

    private final Path mount;
    private final String gid;
    private final String mode;

    private TracefsGroupAccess(Path mount, String gid, String mode) {
        this.mount = mount;
        this.gid = gid;
        this.mode = mode;
    }

    static TracefsGroupAccess grant(int group) throws Exception {
        Path mount = TraceFs.locate().path();
        String options = Mounts.at(mount, "tracefs").map(Mounts.Mount::options).orElse("");
        TracefsGroupAccess access = new TracefsGroupAccess(mount, find(GID, options, "0"), find(MODE, options, "700"));
        remount(mount, "gid=" + group + ",mode=750");
        return access;
    }

    private static String find(Pattern p, String options, String otherwise) {
        Matcher m = p.matcher(options);
        return m.find() ? m.group(1) : otherwise;
    }

    private static void remount(Path mount, String options) throws Exception {
        Process p = new ProcessBuilder("mount", "-o", "remount," + options, mount.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mount -o remount," + options + " " + mount + ": " + out);
        }
    }

    @Override
    public void close() throws Exception {
        remount(mount, "gid=" + gid + ",mode=" + mode);
    }
}
