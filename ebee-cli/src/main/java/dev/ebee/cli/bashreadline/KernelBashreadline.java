package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.BpfObjects;
import dev.ebee.cli.common.EventStream;

/** bashreadline's kernel side through ebee's object loader. */
final class KernelBashreadline {
    private KernelBashreadline() {
    }

    static EventStream open(ReadlineTarget target) {
        throw BpfObjects.loaderMissing("bashreadline");
    }
}
