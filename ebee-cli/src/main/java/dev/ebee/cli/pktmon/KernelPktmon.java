package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.BpfObjects;

/** pktmon's kernel side through ebee's object loader. */
final class KernelPktmon {
    private KernelPktmon() {
    }

    static PktmonProbe.Session open(PktmonProbe.Config config) {
        throw BpfObjects.loaderMissing("pktmon");
    }
}
