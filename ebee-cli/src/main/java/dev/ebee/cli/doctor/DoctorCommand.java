package dev.ebee.cli.doctor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ebee doctor}: one screen that says whether this host can run each tool, and if not, what
 * is missing. Exits 0 when every tool can run, 1 otherwise, so that scripts can ask too.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Can this host run ebee's tools? Kernel, BTF, privileges, file systems and probed kernel features, and per tool what is missing.")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--json"}, description = "one JSON document instead of the screen")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Host host = Host.inspect();
        List<ToolNeeds.Verdict> tools = ToolNeeds.judge(host);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            json(out, host, tools);
        } else {
            screen(out, host, tools);
        }
        out.flush();
        return tools.stream().allMatch(ToolNeeds.Verdict::ready) ? 0 : 1;
    }

    private static void screen(PrintWriter out, Host host, List<ToolNeeds.Verdict> tools) {
        out.println("Host");
        host.checks().forEach(c -> line(out, c));
        out.println();
        out.println("Kernel features (probed)");
        if (host.probed()) {
            host.features().forEach(c -> line(out, c));
        } else {
            out.println("  not probed: probing loads small programs, which needs CAP_BPF and CAP_PERFMON (or root)");
        }
        out.println();
        out.println("Tools");
        for (ToolNeeds.Verdict v : tools) {
            out.printf(Locale.ROOT, "  %-14s %s%n", v.tool(), v.ready() ? "ready" : "cannot run: needs " + String.join(", ", v.missing()));
        }
    }

    private static void line(PrintWriter out, Check c) {
        out.printf(Locale.ROOT, "  %-2s %-30s %s%n", c.ok() ? "ok" : "!!", c.name(), c.detail());
    }

    private static void json(PrintWriter out, Host host, List<ToolNeeds.Verdict> tools) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            checks(g, "host", host.checks());
            g.writeBooleanField("features_probed", host.probed());
            checks(g, "features", host.features());
            g.writeArrayFieldStart("tools");
            for (ToolNeeds.Verdict v : tools) {
                g.writeStartObject();
                g.writeStringField("tool", v.tool());
                g.writeBooleanField("ready", v.ready());
                g.writeArrayFieldStart("missing");
                for (String m : v.missing()) {
                    g.writeString(m);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }

    private static void checks(JsonGenerator g, String field, List<Check> checks) throws IOException {
        g.writeArrayFieldStart(field);
        for (Check c : checks) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeBooleanField("ok", c.ok());
            g.writeStringField("detail", c.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
