package dev.ebee.link;

import dev.ebee.EbeeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every operand form, taken from the notes of Temurin 25's and Debian OpenJDK 17's libjvm.so and
 * of UsdtKernelTest's C program (gcc -O0 and -O2), plus the base+index*scale form, with the
 * pt_regs offsets of x86-64 (asm/ptrace.h: r15 0 ... rbp 32, rbx 40, r8 72, rax 80, rcx 88,
 * rdx 96, rsi 104, rdi 112, rsp 152).
 */
class UsdtArgumentTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // spec; size; signed; kind; value; register offset; index offset; scale
            "8@%r14;      8; false; REGISTER; 0;     8;   -1; 0",    // libjvm mem__pool__gc__begin
            "8@%rbx;      8; false; REGISTER; 0;     40;  -1; 0",
            "-4@%r13d;    4; true;  REGISTER; 0;     16;  -1; 0",
            "4@%r12d;     4; false; REGISTER; 0;     24;  -1; 0",
            "-2@%r8w;     2; true;  REGISTER; 0;     72;  -1; 0",
            "1@%r15b;     1; false; REGISTER; 0;     0;   -1; 0",
            "1@%dil;      1; false; REGISTER; 0;     112; -1; 0",    // libjvm gc__begin
            "1@%cl;       1; false; REGISTER; 0;     88;  -1; 0",
            "-1@%al;      1; true;  REGISTER; 0;     80;  -1; 0",
            "2@%cx;       2; false; REGISTER; 0;     88;  -1; 0",
            "-2@%ax;      2; true;  REGISTER; 0;     80;  -1; 0",
            "-4@%eax;     4; true;  REGISTER; 0;     80;  -1; 0",
            "4@%esi;      4; false; REGISTER; 0;     104; -1; 0",
            "-4@%edx;     4; true;  REGISTER; 0;     96;  -1; 0",
            "8@%rdi;      8; false; REGISTER; 0;     112; -1; 0",
            "8@%rsi;      8; false; REGISTER; 0;     104; -1; 0",
            "8@%r9;       8; false; REGISTER; 0;     64;  -1; 0",
            "8@%rsp;      8; false; REGISTER; 0;     152; -1; 0",
            "1@$1;        1; false; CONSTANT; 1;     -1;  -1; 0",    // libjvm gc__begin (full GC)
            "-4@$5;       4; true;  CONSTANT; 5;     -1;  -1; 0",
            "-4@$-1;      4; true;  CONSTANT; -1;    -1;  -1; 0",
            "8@$0x10;     8; false; CONSTANT; 16;    -1;  -1; 0",
            "8@-24(%rbp); 8; false; MEMORY;   -24;   32;  -1; 0",    // gcc -O0
            "-4@-20(%rbp);4; true;  MEMORY;   -20;   32;  -1; 0",
            "-1@-1(%rbp); 1; true;  MEMORY;   -1;    32;  -1; 0",
            "8@56(%rdi);  8; false; MEMORY;   56;    112; -1; 0",    // libjvm
            "-4@-8(%rbx); 4; true;  MEMORY;   -8;    40;  -1; 0",    // Temurin 25 libjvm
            "4@8(%r13);   4; false; MEMORY;   8;     16;  -1; 0",
            "8@(%rax);    8; false; MEMORY;   0;     80;  -1; 0",
            "8@16(%rsp,%rbx,8); 8; false; MEMORY; 16; 152; 40;  8",
            "-4@(%rax,%rcx,4);  4; true;  MEMORY; 0;  80;  88;  4",
            "%rax;        8; false; REGISTER; 0;     80;  -1; 0",    // no size: 8 bytes, unsigned
    })
    void parses(String spec, int size, boolean signed, UsdtArgument.Kind kind, long value, int reg, int index, int scale) {
        UsdtArgument a = UsdtArgument.parse(spec.strip());
        assertThat(a.size()).isEqualTo(size);
        assertThat(a.signed()).isEqualTo(signed);
        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.value()).isEqualTo(value);
        assertThat(a.registerOffset()).isEqualTo(reg);
        assertThat(a.indexOffset()).isEqualTo(index);
        assertThat(a.scale()).isEqualTo(scale);
        assertThat(a.toString()).isEqualTo(spec.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "1@%ah;        %ah is a high-byte register, which a probe's argument spec cannot read",
            "8@%xmm0;      %xmm0 is not an x86-64 general-purpose register",
            "8@%rip;       %rip (an operand relative to the program counter) is not supported by usdt.bpf.h's spec",
            "8@4(%rip);    %rip (an operand relative to the program counter) is not supported by usdt.bpf.h's spec",
            "8@foo(%rip);  'foo' is not a number (a symbol's address cannot be evaluated at the probe)",
            "3@%eax;       the size must be 1, 2, 4 or 8 bytes, optionally negative for signed",
            "4@eax;        expected $CONSTANT, %REGISTER or DISPLACEMENT(%REGISTER[,%INDEX,SCALE])",
            "8@sym(%rbx);  'sym' is not a number (a symbol's address cannot be evaluated at the probe)",
            "8@$sym;       'sym' is not a number (a symbol's address cannot be evaluated at the probe)",
            "8@(%rax,%rbx,3); the scale must be 1, 2, 4 or 8",
            "8@(%rax,%rbx);   a memory operand is (%BASE) or (%BASE,%INDEX,SCALE)",
    })
    void rejectsWhatCannotBeEvaluated(String spec, String why) {
        assertThatThrownBy(() -> UsdtArgument.parse(spec.strip()))
                .isInstanceOf(EbeeException.class)
                .hasMessage("unsupported USDT argument '" + spec.strip() + "': " + why.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"-4@%eax 8@-24(%rbp) -4@$5; 3", "; 0", "8@%rdi  1@%al; 2"})
    void argumentStrings(String args, int count) {
        assertThat(UsdtArgument.parseAll(args == null ? "" : args)).hasSize(count);
    }

    /** struct __bpf_usdt_spec as usdt.bpf.h lays it out (16-byte argument specs, cookie at 192, count at 200). */
    @org.junit.jupiter.api.Test
    void encodesUsdtBpfHSpec() {
        ByteBuffer b = UsdtSpecTable.encode(UsdtArgument.parseAll("-4@%eax 8@-24(%rbp) -2@$-7 1@%dil"), 0x1122L, "p");
        assertThat(b.capacity()).isEqualTo(208);
        assertThat(b.getLong(0)).isZero();
        assertThat(b.getInt(8)).isEqualTo(UsdtSpecTable.ARG_REG);
        assertThat(b.getShort(12)).isEqualTo((short) 80);
        assertThat(b.get(14)).isEqualTo((byte) 1);
        assertThat(b.get(15)).isEqualTo((byte) 32);
        assertThat(b.getLong(16)).isEqualTo(-24);
        assertThat(b.getInt(24)).isEqualTo(UsdtSpecTable.ARG_REG_DEREF);
        assertThat(b.getShort(28)).isEqualTo((short) 32);
        assertThat(b.get(30)).isEqualTo((byte) 0);
        assertThat(b.get(31)).isEqualTo((byte) 0);
        assertThat(b.getLong(32)).isEqualTo(-7);
        assertThat(b.getInt(40)).isEqualTo(UsdtSpecTable.ARG_CONST);
        assertThat(b.get(47)).isEqualTo((byte) 48);
        assertThat(b.getShort(60)).isEqualTo((short) 112);
        assertThat(b.get(63)).isEqualTo((byte) 56);
        assertThat(b.getLong(192)).isEqualTo(0x1122L);
        assertThat(b.getShort(200)).isEqualTo((short) 4);
        assertThatThrownBy(() -> UsdtSpecTable.encode(List.of(UsdtArgument.parse("8@16(%rsp,%rbx,8)")), 0, "usdt x:p:n"))
                .isInstanceOf(EbeeException.class)
                .hasMessage("cannot attach usdt x:p:n: argument 1 '8@16(%rsp,%rbx,8)' adds an index register, "
                        + "which usdt.bpf.h's spec (register + offset) cannot express");
    }
}
