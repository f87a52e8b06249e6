/** BPF ring buffer reader. */
package dev.ebee.ringbuf;
