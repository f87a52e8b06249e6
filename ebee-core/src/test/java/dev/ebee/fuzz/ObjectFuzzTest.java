package dev.ebee.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebee.CollectionSpec;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;

/**
 * Fuzzes the object reader (ELF, BTF, BTF.ext, maps, programs, relocations) with Jazzer, seeded
 * with the test objects. Any throwable other than ebee's typed exceptions is a finding; so is a
 * hang (Jazzer's timeout). Without JAZZER_FUZZ the seeds run as regression tests.
 */
class ObjectFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void parseObject(byte[] data) {
        try {
            CollectionSpec spec = ObjectFile.parse("fuzz.o", data);
            spec.programs().values().forEach(p -> p.instructions().size());
            spec.maps().values().forEach(m -> m.contents().size());
        } catch (EbeeException expected) {
            // a typed error is the right answer to a malformed object
        }
    }
}
