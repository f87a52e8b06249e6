package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.features.Features;
import dev.ebee.internal.sys.Fd;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** XDP and tcx on a veth pair in a namespace the test creates and always removes. */
@Tag("kernel")
class NetworkLinksTest {
    static final int XDP_PASS = 2, TCX_NEXT = -1;
    static final int XDP_DATA = 0, XDP_DATA_END = 4, SKB_DATA = 76, SKB_DATA_END = 80;
    static final int N = 7;

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    static int port() {
        return ThreadLocalRandom.current().nextInt(20000, 60000);
    }

    @Test
    void xdpCountsPacketsInEveryMode() throws Exception {
        for (XdpMode mode : new XdpMode[] {XdpMode.AUTO, XdpMode.GENERIC, XdpMode.DRIVER}) {
            int port = port();
            try (VethPair veth = new VethPair();
                 Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
                 Fd prog = TestBpf.prog(TestBpf.PROG_XDP,
                         TestBpf.countUdpToPort(map.get(), XDP_DATA, XDP_DATA_END, port, XDP_PASS))) {
                try (Xdp link = Xdp.attach(prog.get(), veth.outer(), mode)) {
                    LinkInfo info = link.info();
                    assertThat(info.type()).isEqualTo(LinkType.XDP);
                    assertThat(info.ifindex()).isEqualTo(Interfaces.index(veth.outer())).isEqualTo(link.ifindex());
                    assertThat(info.progId()).isEqualTo(TestBpf.progId(prog.get()));
                    veth.sendFromInside(N, port);
                    assertThat(TestBpf.lookup(map, 0)).as("mode %s", mode).isGreaterThanOrEqualTo(N);
                }
                long before = TestBpf.lookup(map, 0);
                veth.sendFromInside(N, port);
                assertThat(TestBpf.lookup(map, 0)).as("nothing counted once the link is closed").isEqualTo(before);
            }
        }
    }

    @Test
    void xdpLinkUpdateSwapsTheProgram() throws Exception {
        int port = port();
        try (VethPair veth = new VethPair();
             Fd map1 = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd map2 = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog1 = TestBpf.prog(TestBpf.PROG_XDP, TestBpf.countUdpToPort(map1.get(), XDP_DATA, XDP_DATA_END, port, XDP_PASS));
             Fd prog2 = TestBpf.prog(TestBpf.PROG_XDP, TestBpf.countUdpToPort(map2.get(), XDP_DATA, XDP_DATA_END, port, XDP_PASS));
             Xdp link = Xdp.attach(prog1.get(), veth.outer())) {
            link.update(prog2.get());
            assertThat(link.info().progId()).isEqualTo(TestBpf.progId(prog2.get()));
            veth.sendFromInside(N, port);
            assertThat(TestBpf.lookup(map1, 0)).isZero();
            assertThat(TestBpf.lookup(map2, 0)).isGreaterThanOrEqualTo(N);
            // a second XDP link on the same interface is refused with a hint
            assertThatThrownBy(() -> Xdp.attach(prog1.get(), veth.outer()).close())
                    .hasMessageContaining("XDP on " + veth.outer());
            link.detach();
            long before = TestBpf.lookup(map2, 0);
            veth.sendFromInside(N, port);
            assertThat(TestBpf.lookup(map2, 0)).as("detached").isEqualTo(before);
        }
    }

    @Test
    void tcxIngressCountsPackets() throws Exception {
        Kernel.assumeProbe(Features.kernel().tcxLink());
        int port = port();
        try (VethPair veth = new VethPair();
             Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_SCHED_CLS,
                     TestBpf.countUdpToPort(map.get(), SKB_DATA, SKB_DATA_END, port, TCX_NEXT));
             Tcx link = Tcx.attach(prog.get(), veth.outer(), TcxDirection.INGRESS)) {
            LinkInfo info = link.info();
            assertThat(info.type()).isEqualTo(LinkType.TCX);
            assertThat(info.attachType()).isEqualTo(dev.ebee.AttachType.TCX_INGRESS.id());
            assertThat(info.ifindex()).isEqualTo(Interfaces.index(veth.outer()));
            veth.sendFromInside(N, port);
            assertThat(TestBpf.lookup(map, 0)).isGreaterThanOrEqualTo(N);
        }
    }

    @Test
    void tcxEgressCountsPackets() throws Exception {
        Kernel.assumeProbe(Features.kernel().tcxLink());
        int port = port();
        try (VethPair veth = new VethPair();
             Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_SCHED_CLS,
                     TestBpf.countUdpToPort(map.get(), SKB_DATA, SKB_DATA_END, port, TCX_NEXT));
             Tcx link = Tcx.attach(prog.get(), veth.outer(), TcxDirection.EGRESS);
             DatagramSocket s = new DatagramSocket()) {
            InetAddress to = InetAddress.getByName(veth.innerIp());
            byte[] payload = "ebee".getBytes();
            for (int i = 0; i < N; i++) {
                s.send(new DatagramPacket(payload, payload.length, to, port));
            }
            // ARP may hold the first datagrams briefly
            assertThat(TestBpf.awaitCount(map, N)).isGreaterThanOrEqualTo(N);
            assertThat(link.info().attachType()).isEqualTo(dev.ebee.AttachType.TCX_EGRESS.id());
        }
    }

    @Test
    void tcxOnAKernelWithoutItNamesTheVersion() throws Exception {
        Assumptions.assumeFalse(Features.kernel().tcxLink().supported(), "this kernel has tcx links");
        try (VethPair veth = new VethPair();
             Fd prog = TestBpf.prog(TestBpf.PROG_SCHED_CLS, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Tcx.attach(prog.get(), veth.outer(), TcxDirection.INGRESS))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("tcx ingress on " + veth.outer())
                    .hasMessageContaining("Linux 6.6");
        }
    }

    @Test
    void legacyTcFilterCountsPacketsAndCleansUp() throws Exception {
        int port = port();
        try (VethPair veth = new VethPair();
             Fd map = TestBpf.map(TestBpf.MAP_ARRAY, 4, 8, 1);
             Fd prog = TestBpf.prog(TestBpf.PROG_SCHED_CLS,
                     TestBpf.countUdpToPort(map.get(), SKB_DATA, SKB_DATA_END, port, 0 /* TC_ACT_OK */))) {
            try (TcFilter filter = TcFilter.attach(prog.get(), veth.outer(), TcxDirection.INGRESS)) {
                assertThat(VethPair.run("tc", "filter", "show", "dev", veth.outer(), "ingress")).contains("bpf").contains("ebee");
                assertThatThrownBy(() -> TcFilter.attach(prog.get(), veth.outer(), TcxDirection.INGRESS))
                        .hasMessageContaining("exists");
                veth.sendFromInside(N, port);
                assertThat(TestBpf.lookup(map, 0)).isGreaterThanOrEqualTo(N);
            }
            assertThat(VethPair.run("tc", "filter", "show", "dev", veth.outer(), "ingress")).doesNotContain("bpf");
            assertThat(VethPair.run("tc", "qdisc", "show", "dev", veth.outer())).doesNotContain("clsact");
            long before = TestBpf.lookup(map, 0);
            veth.sendFromInside(N, port);
            assertThat(TestBpf.lookup(map, 0)).isEqualTo(before);
        }
    }

    @Test
    void unknownInterfaceIsNamed() {
        try (Fd xdp = TestBpf.prog(TestBpf.PROG_XDP, TestBpf.ret(XDP_PASS));
             Fd cls = TestBpf.prog(TestBpf.PROG_SCHED_CLS, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Xdp.attach(xdp.get(), "nosuchif-ebee", XdpMode.GENERIC))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessage("no such interface: nosuchif-ebee");
            assertThatThrownBy(() -> Tcx.attach(cls.get(), "nosuchif-ebee", TcxDirection.INGRESS))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessage("no such interface: nosuchif-ebee");
            assertThatThrownBy(() -> Xdp.attach(xdp.get(), "", XdpMode.AUTO))
                    .isInstanceOf(AttachTargetNotFoundException.class);
        }
    }
}
