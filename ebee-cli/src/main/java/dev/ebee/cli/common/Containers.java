package dev.ebee.cli.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container ids in cgroup v2 paths, as runtimes name their cgroups: {@code docker-ID.scope},
 * {@code cri-containerd-ID.scope}, {@code crio-ID.scope}, {@code libpod-ID.scope}, or a bare
 * {@code ID} directory (cgroupfs drivers, Kubernetes pods), ID being 64 hexadecimal digits.
 */
public final class Containers {
    private static final Pattern ID = Pattern.compile("(?:^|[-/])([0-9a-f]{64})(?:\\.scope)?$");

    private Containers() {
    }

    /** The short (12-digit) id of the container whose cgroup is {@code cgroupPath}, or null when it names none. */
    public static String shortId(String cgroupPath) {
        if (cgroupPath == null) {
            return null;
        }
        // the innermost component that carries an id: a container's own cgroup may hold sub-cgroups
        String[] parts = cgroupPath.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].contains("conmon")) {
                continue; // crio's monitor process, not the container
            }
            Matcher m = ID.matcher("/" + parts[i]);
            if (m.find()) {
                return m.group(1).substring(0, 12);
            }
        }
        return null;
    }
}
