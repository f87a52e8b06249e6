package dev.ebee.cli.pktmon;

/** The protocol classes pktmon counts (enum pkt_class minus PKT_TOTAL). */
public enum PacketClass { TCP, UDP, ICMP, OTHER }
