package dev.ebee;

import dev.ebee.link.Link;
import dev.ebee.link.Links;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** attachAll() on an object whose xdp program needs an interface, and attachAllAvailable() beside it. */
@Tag("kernel")
class AttachAllTest {
    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    @Test
    void attachAllRefusesAProgramItCannotAttachAndLeavesNothingAttached() {
        try (Collection c = ObjectFile.open(TestObjects.path("attach_all")).load()) {
            assertThatThrownBy(c::attachAll).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("pass (SEC xdp)").hasMessageContaining("Xdp.attach")
                    .message().doesNotContain("on_getpid").doesNotContain("run_only");
            assertThat(linkedPrograms()).doesNotContain(c.program("on_getpid").info().id(), c.program("pass").info().id());
        }
    }

    @Test
    void attachAllAvailableAttachesTheTracepointAndReportsTheXdpProgram() {
        try (Collection c = ObjectFile.open(TestObjects.path("attach_all")).load()) {
            int tp = c.program("on_getpid").info().id();
            try (Attachments a = c.attachAllAvailable()) {
                assertThat(a.links()).extracting(l -> l.info().progId()).containsExactly(tp);
                assertThat(a.skipped()).singleElement().satisfies(s -> {
                    assertThat(s.program()).isEqualTo("pass");
                    assertThat(s.section()).isEqualTo("xdp");
                    assertThat(s.reason()).contains("Xdp.attach");
                });
                assertThat(linkedPrograms()).contains(tp);
            }
            assertThat(linkedPrograms()).doesNotContain(tp);
        }
    }

    @Test
    void attachAllAttachesWhenEveryProgramCanBe() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("attach_all"));
        spec.setAutoload("pass", false);
        try (Collection c = spec.load(); Attachments a = c.attachAll()) {
            assertThat(a.size()).isEqualTo(1);
            assertThat(a.skipped()).isEmpty();
        }
    }

    @Test
    void aUretprobeSectionWithoutABinaryIsRefusedNeverSilentlyLeftOut() {
        try (Collection c = ObjectFile.open(TestObjects.path("uretprobe_no_binary")).load()) {
            int tp = c.program("on_getpid").info().id();
            assertThatThrownBy(c::attachAll).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("on_readline (SEC uretprobe/readline)").hasMessageContaining("Uprobe.attachReturn");
            assertThat(linkedPrograms()).doesNotContain(tp);
            try (Attachments a = c.attachAllAvailable()) {
                assertThat(a.links()).extracting(l -> l.info().progId()).containsExactly(tp);
                assertThat(a.skipped()).singleElement().satisfies(s -> {
                    assertThat(s.program()).isEqualTo("on_readline");
                    assertThat(s.reason()).contains("names no BINARY:SYMBOL");
                });
            }
        }
    }

    /** The program ids of the links in the kernel now (links closed meanwhile by other processes are passed over). */
    private static Set<Integer> linkedPrograms() {
        List<Integer> progs = new ArrayList<>();
        for (int id : Links.ids()) {
            try (Link l = Links.openById(id)) {
                progs.add(l.info().progId());
            } catch (EbeeException gone) {
                // detached between listing and opening
            }
        }
        return Set.copyOf(progs);
    }
}
