package dev.ebee.link;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with a veth pair: end {@link #outer()} stays in this process's namespace
 * (198.18.R.4S+1/30), end "B" lives in the namespace (…+2). {@link #close()} removes both in every
 * outcome, and construction cleans up after itself when a step fails.
 */
final class VethPair implements AutoCloseable {
    private final String ns;
    private final String outer;
    private final String inner;
    private final String outerIp;
    private final String innerIp;

    VethPair() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String tag = Integer.toHexString(r.nextInt(0x1000_0000, 0x7fff_ffff));
        ns = "ebee-test-" + tag;
        outer = "ebx" + tag + "a";
        inner = "ebx" + tag + "b";
        int third = r.nextInt(256), fourth = r.nextInt(64) * 4;
        outerIp = "198.18." + third + "." + (fourth + 1);
        innerIp = "198.18." + third + "." + (fourth + 2);
        try {
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner, "netns", ns);
            run("ip", "addr", "add", outerIp + "/30", "dev", outer);
            run("ip", "link", "set", outer, "up");
            run("ip", "-n", ns, "addr", "add", innerIp + "/30", "dev", inner);
            run("ip", "-n", ns, "link", "set", inner, "up");
            run("ip", "-n", ns, "link", "set", "lo", "up");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    String outer() {
        return outer;
    }

    String outerIp() {
        return outerIp;
    }

    String innerIp() {
        return innerIp;
    }

    String namespace() {
        return ns;
    }

    /**
     * Sends {@code n} UDP datagrams from inside the namespace to the outer end's {@code port}, and
     * returns once a socket there has received them all: the kernel may process them after the
     * sender has exited (in ksoftirqd on a busy machine), and the ingress hooks have run on a
     * datagram once it is delivered.
     */
    void sendFromInside(int n, int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getByName(outerIp))) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
            run("ip", "netns", "exec", ns, "bash", "-c",
                    "for i in $(seq " + n + "); do echo ebee > /dev/udp/" + outerIp + "/" + port + "; done");
            byte[] buf = new byte[64];
            for (int i = 0; i < n; i++) {
                socket.receive(new DatagramPacket(buf, buf.length));
            }
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        List<Exception> errors = new ArrayList<>();
        try {
            // deleting one end deletes the pair; it may not exist when setup failed early
            if (run("ip", "-o", "link", "show").contains(" " + outer + "@")) {
                run("ip", "link", "del", outer);
            }
        } catch (Exception e) {
            errors.add(e);
        }
        try {
            if (run("ip", "netns", "list").contains(ns)) {
                run("ip", "netns", "del", ns);
            }
        } catch (Exception e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) {
            IOException first = new IOException("removing " + outer + " and namespace " + ns + " failed", errors.getFirst());
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
