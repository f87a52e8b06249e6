package dev.ebee.cli.tracepipe;

import dev.ebee.cli.common.BpfObjects;

/** tracepipe's kernel side through ebee's object loader. */
final class KernelTracepipe {
    private KernelTracepipe() {
    }

    static AutoCloseable attach() {
        throw BpfObjects.loaderMissing("tracepipe");
    }
}
