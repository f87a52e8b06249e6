package dev.ebee.examples.execcount;

/** Prints how many execve() calls the kernel has seen, every 2 seconds, until Ctrl-C. */
public final class ExecCount {
    public static void main(String[] args) throws InterruptedException {
        try (ExeccountBpf bpf = ExeccountBpf.load()) {
            bpf.attachAll();
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                main.interrupt();
                try {
                    main.join(2000); // let try-with-resources detach the program
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    break;
                }
                System.out.println("execve() calls: " + bpf.counts().lookup(0).orElse(0L));
            }
        }
    }
}
