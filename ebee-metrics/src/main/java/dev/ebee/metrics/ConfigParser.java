package dev.ebee.metrics;

import dev.ebee.metrics.MetricsConfig.BucketType;
import dev.ebee.metrics.MetricsConfig.Counter;
import dev.ebee.metrics.MetricsConfig.DecoderConfig;
import dev.ebee.metrics.MetricsConfig.Histogram;
import dev.ebee.metrics.MetricsConfig.Label;
import dev.ebee.metrics.decode.Decoders;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ebpf_exporter's YAML config format unchanged: {@code metrics.counters} and
 * {@code metrics.histograms}, their labels with {@code size} and chained {@code decoders}. Keys
 * this exporter does not use (ebpf_exporter's {@code kaddrs}, tracing's {@code spans}) are ignored;
 * a value of the wrong kind, a missing name or size, or an unknown decoder or bucket type is a
 * {@link ConfigException} naming the field.
 */
public final class ConfigParser {
    private ConfigParser() {
    }

    /** Parses {@code path}; the config's name is the file name without {@code .yaml}. */
    public static MetricsConfig parse(Path path) {
        String file = path.getFileName().toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(path.toString(), "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(path.toString(), "", "cannot read: " + e.getMessage());
        }
        return parse(file.replaceFirst("\\.ya?ml$", ""), path.toString(), text);
    }

    /** Parses YAML text; {@code source} names it in errors. */
    public static MetricsConfig parse(String name, String source, String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new ConfigException(source, "", "not YAML: " + e.getMessage().replace('\n', ' '));
        }
        Fields f = new Fields(source);
        Map<String, Object> top = root == null ? Map.of() : f.map(root, "");
        Map<String, Object> metrics = f.map(top.get("metrics"), "metrics");
        if (metrics == null) {
            throw new ConfigException(source, "metrics", "missing: a config needs counters or histograms");
        }
        List<Counter> counters = new ArrayList<>();
        List<Object> cs = f.list(metrics.get("counters"), "metrics.counters");
        for (int i = 0; i < cs.size(); i++) {
            String at = "metrics.counters[" + i + "]";
            Map<String, Object> c = f.map(cs.get(i), at);
            counters.add(new Counter(f.name(c, at), f.string(c.get("help"), at + ".help", ""), labels(f, c, at)));
        }
        List<Histogram> histograms = new ArrayList<>();
        List<Object> hs = f.list(metrics.get("histograms"), "metrics.histograms");
        for (int i = 0; i < hs.size(); i++) {
            String at = "metrics.histograms[" + i + "]";
            Map<String, Object> h = f.map(hs.get(i), at);
            histograms.add(histogram(f, h, at));
        }
        if (counters.isEmpty() && histograms.isEmpty()) {
            throw new ConfigException(source, "metrics", "neither counters nor histograms");
        }
        return new MetricsConfig(name, source, counters, histograms);
    }

    private static Histogram histogram(Fields f, Map<String, Object> h, String at) {
        String type = f.string(h.get("bucket_type"), at + ".bucket_type", null);
        if (type == null) {
            throw f.error(at + ".bucket_type", "missing (exp2, exp2zero, linear or fixed)");
        }
        BucketType bucketType = switch (type) {
            case "exp2" -> BucketType.EXP2;
            case "exp2zero" -> BucketType.EXP2ZERO;
            case "linear" -> BucketType.LINEAR;
            case "fixed" -> BucketType.FIXED;
            default -> throw f.error(at + ".bucket_type", "unknown bucket type \"" + type
                    + "\" (exp2, exp2zero, linear or fixed)");
        };
        List<Double> keys = new ArrayList<>();
        List<Object> rawKeys = f.list(h.get("bucket_keys"), at + ".bucket_keys");
        for (int i = 0; i < rawKeys.size(); i++) {
            keys.add(f.number(rawKeys.get(i), at + ".bucket_keys[" + i + "]", 0));
        }
        if (bucketType == BucketType.FIXED && keys.isEmpty()) {
            throw f.error(at + ".bucket_keys", "a fixed histogram needs bucket_keys");
        }
        int min = (int) f.number(h.get("bucket_min"), at + ".bucket_min", 0);
        int max = (int) f.number(h.get("bucket_max"), at + ".bucket_max", 0);
        if (bucketType != BucketType.FIXED && max < min) {
            throw f.error(at + ".bucket_max", "bucket_max " + max + " is below bucket_min " + min);
        }
        double multiplier = f.number(h.get("bucket_multiplier"), at + ".bucket_multiplier", 1);
        List<Label> labels = labels(f, h, at);
        if (labels.isEmpty()) {
            throw f.error(at + ".labels", "a histogram needs at least the bucket as its last label");
        }
        return new Histogram(f.name(h, at), f.string(h.get("help"), at + ".help", ""), bucketType, min, max,
                multiplier, keys, labels);
    }

    private static List<Label> labels(Fields f, Map<String, Object> metric, String at) {
        List<Label> out = new ArrayList<>();
        List<Object> ls = f.list(metric.get("labels"), at + ".labels");
        for (int i = 0; i < ls.size(); i++) {
            String lat = at + ".labels[" + i + "]";
            Map<String, Object> l = f.map(ls.get(i), lat);
            Object size = l.get("size");
            if (size == null) {
                throw f.error(lat + ".size", "missing: the label's size in bytes in the map's key");
            }
            int bytes = (int) f.number(size, lat + ".size", 0);
            if (bytes <= 0) {
                throw f.error(lat + ".size", "must be a positive number of bytes, not " + size);
            }
            List<DecoderConfig> decoders = new ArrayList<>();
            List<Object> ds = f.list(l.get("decoders"), lat + ".decoders");
            for (int j = 0; j < ds.size(); j++) {
                String dat = lat + ".decoders[" + j + "]";
                Map<String, Object> d = f.map(ds.get(j), dat);
                String dname = f.name(d, dat);
                if (!Decoders.NAMES.contains(dname)) {
                    throw f.error(dat + ".name", "unknown decoder \"" + dname + "\" (known: "
                            + String.join(", ", Decoders.NAMES) + ")");
                }
                Map<String, String> staticMap = new LinkedHashMap<>();
                // YAML reads the keys as numbers (1: read); the decoder looks up text
                Map<?, ?> sm = f.map(d.get("static_map"), dat + ".static_map");
                if (sm != null) {
                    sm.forEach((k, v) -> staticMap.put(String.valueOf(k), String.valueOf(v)));
                }
                List<String> regexps = new ArrayList<>();
                for (Object r : f.list(d.get("regexps"), dat + ".regexps")) {
                    regexps.add(String.valueOf(r));
                }
                Object allow = d.getOrDefault("allow_unknown", false);
                if (!(allow instanceof Boolean)) {
                    throw f.error(dat + ".allow_unknown", "must be true or false");
                }
                DecoderConfig dc = new DecoderConfig(dname, staticMap, regexps, (Boolean) allow);
                Decoders.validate(dc, f.source, dat);
                decoders.add(dc);
            }
            if (decoders.isEmpty()) {
                throw f.error(lat + ".decoders", "missing: a label needs at least one decoder");
            }
            out.add(new Label(f.name(l, lat), bytes, decoders));
        }
        return out;
    }

    /** Typed access to the YAML tree, each failure naming its field. */
    private record Fields(String source) {
        ConfigException error(String field, String problem) {
            return new ConfigException(source, field, problem);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object o, String field) {
            if (o == null || o instanceof Map) {
                return (Map<String, Object>) o;
            }
            throw error(field, "expected a mapping, found " + describe(o));
        }

        @SuppressWarnings("unchecked")
        List<Object> list(Object o, String field) {
            if (o == null) {
                return List.of();
            }
            if (o instanceof List) {
                return (List<Object>) o;
            }
            throw error(field, "expected a list, found " + describe(o));
        }

        String string(Object o, String field, String otherwise) {
            if (o == null) {
                return otherwise;
            }
            if (o instanceof Map || o instanceof List) {
                throw error(field, "expected a string, found " + describe(o));
            }
            return String.valueOf(o);
        }

        String name(Map<String, Object> m, String at) {
            String name = string(m.get("name"), at + ".name", null);
            if (name == null || name.isBlank()) {
                throw error(at + ".name", "missing");
            }
            return name;
        }

        double number(Object o, String field, double otherwise) {
            if (o == null) {
                return otherwise;
            }
            if (o instanceof Number n) {
                return n.doubleValue();
            }
            throw error(field, "expected a number, found " + describe(o));
        }

        private static String describe(Object o) {
            if (o instanceof Map) {
                return "a mapping";
            }
            if (o instanceof List) {
                return "a list";
            }
            return "\"" + o + "\"";
        }
    }

}
