/*
 * delegated_bpffs DIR UID CMD [ARG...]: runs CMD in a new user and mount namespace, as root of
 * that user namespace (UID outside it, so without any capability in the init namespace), with a
 * BPF file system mounted at DIR whose options delegate every command, map, program and attach
 * type to that user namespace: what a container runtime does to hand BPF tokens to a container.
 *
 * The kernel lets only a process privileged in the init namespace set delegate_* options, and
 * only on a bpffs created from inside the target user namespace. So the child makes the file
 * system context (fsopen) and passes it over a socket; this process, still root, sets the
 * options and creates the superblock; the child mounts it and runs CMD. Test-only code of ebee.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#endif

static void die(const char *what)
{
	fprintf(stderr, "delegated_bpffs: %s: %s\n", what, strerror(errno));
	exit(111);
}

static void send_fd(int sock, int fd)
{
	char byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int sock)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		die("recvmsg");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		die("no fd received");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

static void expect_byte(int sock)
{
	char b;

	if (read(sock, &b, 1) != 1)
		exit(111); /* the other side failed and said why */
}

int main(int argc, char **argv)
{
	int sv[2], status;
	pid_t child;
	char path[64], map[64];

	if (argc < 4) {
		fprintf(stderr, "usage: delegated_bpffs DIR UID CMD [ARG...]\n");
		return 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		int fs, mnt;

		close(sv[0]);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
			die("unshare");
		if (write(sv[1], "u", 1) != 1)
			die("write");
		expect_byte(sv[1]); /* uid and gid maps written */
		if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
			die("setresuid");
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			die("mount --make-rprivate /");
		fs = syscall(SYS_fsopen, "bpf", 0);
		if (fs < 0)
			die("fsopen bpf");
		send_fd(sv[1], fs);
		expect_byte(sv[1]); /* delegation set, superblock created */
		mnt = syscall(SYS_fsmount, fs, 0, 0);
		if (mnt < 0)
			die("fsmount");
		if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, argv[1], MOVE_MOUNT_F_EMPTY_PATH))
			die("move_mount");
		close(mnt);
		close(fs);
		close(sv[1]);
		execvp(argv[3], argv + 3);
		die(argv[3]);
	}
	close(sv[1]);
	expect_byte(sv[0]);
	snprintf(map, sizeof(map), "0 %s 1", argv[2]);
	snprintf(path, sizeof(path), "/proc/%d/setgroups", child);
	write_file(path, "deny");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", child);
	write_file(path, map);
	snprintf(path, sizeof(path), "/proc/%d/gid_map", child);
	write_file(path, map);
	if (write(sv[0], "m", 1) != 1)
		die("write");
	{
		int fs = recv_fd(sv[0]);
		const char *opts[] = { "delegate_cmds", "delegate_maps", "delegate_progs", "delegate_attachs" };

		for (int i = 0; i < 4; i++)
			if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, opts[i], "any", 0))
				die(opts[i]);
		if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
			die("fsconfig create");
		close(fs);
	}
	if (write(sv[0], "c", 1) != 1)
		die("write");
	if (waitpid(child, &status, 0) < 0)
		die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
