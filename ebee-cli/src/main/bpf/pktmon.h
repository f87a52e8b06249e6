/* pktmon: the records pktmon.bpf.c writes; Java reads them with the generated PktmonBpf (PktStats, PktEvent). */
#ifndef EBEE_PKTMON_H
#define EBEE_PKTMON_H

/* Index in the per-CPU stats array. */
enum pkt_class { PKT_TOTAL = 0, PKT_TCP = 1, PKT_UDP = 2, PKT_ICMP = 3, PKT_OTHER = 4, PKT_NCLASS = 5 };

struct pkt_stats {
	__u64 packets;
	__u64 bytes;
};

/* Flags of a packet event. */
#define PKT_F_FRAG    0x01   /* an IPv4 fragment (MF or offset) or an IPv6 fragment header */
#define PKT_F_LOW_TTL 0x02   /* TTL or hop limit below 10 */
#define PKT_F_SYN     0x04
#define PKT_F_FIN     0x08
#define PKT_F_RST     0x10
#define PKT_F_ACK     0x20

/* One packet (with -v). Addresses in network order; IPv4 in the first 4 bytes. */
struct pkt_event {
	__u32 size;        /*  0: bytes, from the Ethernet header on */
	__u16 sport;       /*  4: host order; 0 without TCP/UDP header */
	__u16 dport;       /*  6 */
	__u8 family;       /*  8: 4, 6, or 0 for a non-IP frame */
	__u8 proto;        /*  9: IP protocol number (the last header's for IPv6) */
	__u8 klass;        /* 10: enum pkt_class */
	__u8 flags;        /* 11: PKT_F_* */
	__u8 ttl;          /* 12: TTL or hop limit */
	__u8 pad;          /* 13 */
	__u16 ethertype;   /* 14: host order, after VLAN tags */
	__u8 src[16];      /* 16 */
	__u8 dst[16];      /* 32 */
	__u64 ktime_ns;    /* 48: bpf_ktime_get_ns() when XDP saw it */
};

#endif
