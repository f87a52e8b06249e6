package dev.ebee.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebee.EbeeException;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfCWriter;
import dev.ebee.btf.BtfText;

/**
 * Fuzzes the BTF parser and both writers (text and C header) with Jazzer, seeded with the test
 * objects' .BTF sections. Only ebee's typed exceptions may come out.
 */
class BtfFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void parseBtf(byte[] data) {
        try {
            Btf btf = Btf.parse("fuzz.btf", data);
            for (int id = 1; id < Math.min(btf.typeCount(), 2000); id++) {
                btf.type(id);
            }
            BtfText.dump(btf);
            new BtfCWriter(btf).write();
        } catch (EbeeException expected) {
            // typed error
        }
    }
}
