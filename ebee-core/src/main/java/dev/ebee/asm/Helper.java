package dev.ebee.asm;

/** Numbers of the kernel's BPF helper functions that ebee and its tests call by name. */
public final class Helper {
    private Helper() {
    }

    public static final int MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3, PROBE_READ = 4,
            KTIME_GET_NS = 5, TRACE_PRINTK = 6, GET_PRANDOM_U32 = 7, GET_SMP_PROCESSOR_ID = 8,
            TAIL_CALL = 12, GET_CURRENT_PID_TGID = 14, GET_CURRENT_UID_GID = 15, GET_CURRENT_COMM = 16,
            PERF_EVENT_OUTPUT = 25, GET_CURRENT_TASK = 35, PROBE_READ_STR = 45, MAP_PUSH_ELEM = 87,
            MAP_POP_ELEM = 88, MAP_PEEK_ELEM = 89, PROBE_READ_USER = 112, PROBE_READ_KERNEL = 113,
            PROBE_READ_USER_STR = 114, PROBE_READ_KERNEL_STR = 115, RINGBUF_OUTPUT = 130,
            RINGBUF_RESERVE = 131, RINGBUF_SUBMIT = 132, RINGBUF_DISCARD = 133, RINGBUF_QUERY = 134,
            LOOP = 181;
}
