package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.Native;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class SocketAndCgroupTest {
    static final int N = 9;

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    /** A UDP socket bound to 127.0.0.1:port, made with the raw syscalls so that we hold its fd. */
    static Fd udpSocket(int port) {
        int fd = (int) Native.syscall("socket", 41, 2 /* AF_INET */, 2 | 0x80000 /* SOCK_DGRAM|CLOEXEC */, 0, 0, 0);
        Fd sock = Fd.own(fd, "test socket");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(16);
            sa.set(JAVA_SHORT, 0, (short) 2);
            sa.set(JAVA_BYTE, 2, (byte) (port >> 8));
            sa.set(JAVA_BYTE, 3, (byte) port);
            sa.set(JAVA_BYTE, 4, (byte) 127);
            sa.set(JAVA_BYTE, 7, (byte) 1);
            Native.syscall("bind", 49, fd, sa.address(), 16, 0, 0);
        } catch (RuntimeException e) {
            sock.close();
            throw e;
        }
        return sock;
    }

    /**
     * Takes {@code n} datagrams off {@code sock}'s queue, waiting for them up to 30 s. A datagram
     * is queued only after the socket's filter has run on it, so once read, the filter has seen it
     * (or, detached, would have).
     */
    static void receive(Fd sock, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            for (int got = 0; got < n; ) {
                if (Native.syscallRaw(45 /* recvfrom */, sock.get(), buf.address(), buf.byteSize(), 0x40 /* MSG_DONTWAIT */, 0) >= 0) {
                    got++;
                    continue;
                }
                assertThat(System.nanoTime() - deadline).as("%d of %d datagrams received", got, n).isNegative();
                Thread.sleep(5);
            }
        }
    }

    @Test
    void socketFilterSeesEveryDatagramOfItsSocket() throws Exception {
        int port = ThreadLocalRandom.current().nextInt(20000, 60000);
        try (Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_SOCKET_FILTER, TestBpf.countAllKeepSkb(map.get()));
             Fd sock = udpSocket(port);
             DatagramSocket sender = new DatagramSocket()) {
            byte[] payload = "ebee".getBytes();
            InetAddress lo = InetAddress.getLoopbackAddress();
            try (SocketFilter filter = SocketFilter.attach(prog.get(), sock.get())) {
                assertThat(filter.fd()).isEqualTo(-1);
                for (int i = 0; i < N; i++) {
                    sender.send(new DatagramPacket(payload, payload.length, lo, port));
                }
                receive(sock, N);
                assertThat(TestBpf.lookup(map, 0)).isEqualTo(N);
            }
            // detached on close: more datagrams are not counted
            for (int i = 0; i < N; i++) {
                sender.send(new DatagramPacket(payload, payload.length, lo, port));
            }
            receive(sock, N);
            assertThat(TestBpf.lookup(map, 0)).isEqualTo(N);
        }
    }

    @Test
    void socketFilterOnANonSocketIsRefused() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_SOCKET_FILTER, TestBpf.countAllKeepSkb(map.get()))) {
            assertThatThrownBy(() -> SocketFilter.attach(prog.get(), map.get()))
                    .hasMessageContaining("is not a socket");
        }
    }

    @Test
    void cgroupSkbEgressCountsPacketsOfItsCgroup() throws Exception {
        Path cgroup2 = Kernel.cgroup2Mount().orElse(null);
        Kernel.require(cgroup2 != null, "a cgroup v2 hierarchy mounted (none in /proc/self/mounts)");
        int port = ThreadLocalRandom.current().nextInt(20000, 60000);
        Path cg = cgroup2.resolve("ebee-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)));
        Files.createDirectory(cg);
        try (Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_CGROUP_SKB, TestBpf.countAll(map.get(), 1))) {
            Process p = new ProcessBuilder("bash", "-c",
                    "read x; for i in $(seq " + N + "); do echo ebee > /dev/udp/127.0.0.1/" + port + "; done").start();
            try {
                Files.writeString(cg.resolve("cgroup.procs"), Long.toString(p.pid()));
                try (Cgroup link = Cgroup.attach(prog.get(), cg, CgroupHook.INET_EGRESS)) {
                    LinkInfo info = link.info();
                    assertThat(info.type()).isEqualTo(LinkType.CGROUP);
                    assertThat(info.attachType()).isEqualTo(CgroupHook.INET_EGRESS.attachType().id());
                    assertThat(info.cgroupId()).isPositive();
                    try (OutputStream in = p.getOutputStream()) {
                        in.write("go\n".getBytes());
                    }
                    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(TestBpf.awaitCount(map, N)).isGreaterThanOrEqualTo(N);
                }
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            Files.delete(cg);
        }
        assertThatThrownBy(() -> Cgroup.attach(0, cg, CgroupHook.INET_EGRESS))
                .isInstanceOf(AttachTargetNotFoundException.class).hasMessageContaining("no such cgroup");
    }
}
