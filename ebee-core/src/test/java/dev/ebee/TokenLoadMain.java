package dev.ebee;

import java.nio.file.Path;

/**
 * Run by {@link BpfTokenTest} inside a user namespace without CAP_BPF in the init namespace:
 * {@code TokenLoadMain OBJECT [BPFFS]} loads the globals object with a token from BPFFS, or with
 * none (then {@value BpfToken#PATH_VARIABLE} may still give one), runs its syscall program and
 * prints what happened, one line per step.
 */
public final class TokenLoadMain {
    private TokenLoadMain() {
    }

    public static void main(String[] args) {
        CollectionSpec spec = ObjectFile.open(Path.of(args[0]));
        try (BpfToken token = args.length > 1 ? BpfToken.open(Path.of(args[1])) : null;
             Collection c = spec.load(Collection.Options.DEFAULT.withToken(token))) {
            c.variable("input").setLong(5);
            int ret = c.program("copy").testRun(null, new byte[8], 1).retval();
            System.out.println("loaded: ret " + ret + " output " + c.variable("output").getLong());
        } catch (EbeeException e) {
            System.out.println("refused: " + e.oneLine());
        }
    }
}
