package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.Native;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** A minimal rtnetlink client: one request, one acknowledgement. Enough for tc qdiscs and filters. */
final class Netlink implements AutoCloseable {
    static final int RTM_NEWQDISC = 36, RTM_DELQDISC = 37, RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45;
    static final int NLM_F_REQUEST = 1, NLM_F_ACK = 4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    private static final int NLMSG_ERROR = 2, AF_NETLINK = 16, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000, NETLINK_ROUTE = 0;
    private static final long SYS_SOCKET = 41;

    private final Fd socket;
    private int seq;

    Netlink() {
        int fd = (int) Native.syscall("socket(AF_NETLINK, NETLINK_ROUTE)", SYS_SOCKET, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
                NETLINK_ROUTE, 0, 0);
        socket = Fd.own(fd, "rtnetlink socket");
    }

    /** A request under construction: header, a fixed part, then attributes. */
    static final class Message {
        private final ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        private final int type, flags;

        Message(int type, int flags) {
            this.type = type;
            this.flags = flags;
            b.position(16);
        }

        /** struct tcmsg. */
        Message tcmsg(int ifindex, int handle, int parent, int info) {
            b.put((byte) 0).put((byte) 0).putShort((short) 0);
            b.putInt(ifindex).putInt(handle).putInt(parent).putInt(info);
            return this;
        }

        Message attr(int attrType, byte[] data) {
            b.putShort((short) (4 + data.length)).putShort((short) attrType).put(data);
            pad();
            return this;
        }

        Message attrString(int attrType, String s) {
            byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
            byte[] z = new byte[raw.length + 1];
            System.arraycopy(raw, 0, z, 0, raw.length);
            return attr(attrType, z);
        }

        Message attrInt(int attrType, int v) {
            return attr(attrType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
        }

        /** Starts a nested attribute; returns its position for {@link #end(int)}. */
        int begin(int attrType) {
            int at = b.position();
            b.putShort((short) 0).putShort((short) attrType);
            return at;
        }

        void end(int at) {
            b.putShort(at, (short) (b.position() - at));
        }

        private void pad() {
            while ((b.position() & 3) != 0) {
                b.put((byte) 0);
            }
        }

        byte[] finish(int seq) {
            int len = b.position();
            b.putInt(0, len).putShort(4, (short) type).putShort(6, (short) (flags | NLM_F_REQUEST | NLM_F_ACK))
                    .putInt(8, seq).putInt(12, 0);
            byte[] out = new byte[len];
            System.arraycopy(b.array(), 0, out, 0, len);
            return out;
        }
    }

    /** Sends {@code m} and waits for its acknowledgement: 0, or the kernel's negative errno. */
    int request(Message m) {
        int s = ++seq;
        byte[] msg = m.finish(s);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(msg.length);
            MemorySegment.copy(msg, 0, out, JAVA_BYTE, 0, msg.length);
            long w = Native.writeRaw(socket.get(), out, msg.length);
            if (w < 0) {
                throw SyscallException.of("netlink send", (int) -w);
            }
            MemorySegment in = arena.allocate(8192, 4);
            for (int tries = 0; tries < 64; tries++) {
                long r = Native.readRaw(socket.get(), in, in.byteSize());
                if (r < 0) {
                    throw SyscallException.of("netlink receive", (int) -r);
                }
                long off = 0;
                while (off + 16 <= r) {
                    int len = in.get(JAVA_INT, off);
                    int type = Short.toUnsignedInt(in.get(JAVA_SHORT, off + 4));
                    int rseq = in.get(JAVA_INT, off + 8);
                    if (len < 16 || off + len > r) {
                        throw new EbeeException("malformed netlink reply", null);
                    }
                    if (type == NLMSG_ERROR && rseq == s && len >= 20) {
                        return in.get(JAVA_INT, off + 16);
                    }
                    off += (len + 3) & ~3;
                }
            }
            throw new EbeeException("no netlink acknowledgement", null);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
