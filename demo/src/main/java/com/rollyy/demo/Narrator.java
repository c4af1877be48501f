package com.rollyy.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the demo prints: a heading and one line of explanation per step, each request (method,
 * path, body) and its answer (status, JSON pretty-printed and trimmed when long). ASCII only, so
 * any terminal shows it.
 */
final class Narrator {

    /** Past this many items an array shows its first ones and how many were left out; a list answer, its first. */
    static final int MAX_ITEMS = 2;
    private static final int MAX_LINES = 60;
    private static final int WIDTH = 100;
    private static final int MAX_STRING = 100;
    private static final String INDENT = "     ";
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 201, "Created", 202, "Accepted",
            204, "No Content", 400, "Bad Request", 401, "Unauthorized", 404, "Not Found", 409, "Conflict",
            500, "Internal Server Error", 502, "Bad Gateway");

    private final PrintStream out;
    private final int steps;
    private int step;

    Narrator(PrintStream out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    void title(String text) {
        out.println(text);
        out.println("=".repeat(text.length()));
    }

    /** A fact of the set-up or the summary: {@code name ...... value}. */
    void fact(String name, String value) {
        out.println("  " + name + " " + ".".repeat(Math.max(2, 22 - name.length())) + " " + value);
    }

    void step(String heading, String explanation) {
        step++;
        out.println();
        out.println("[" + step + "/" + steps + "] " + heading);
        wrap(explanation).forEach(line -> out.println("  " + line));
    }

    /** Words to lines of at most {@link #WIDTH} characters (with the indent). */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH - 2) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    int currentStep() {
        return step;
    }

    void note(String text) {
        out.println("  " + text);
    }

    void blank() {
        out.println();
    }

    void request(String method, String path, String body) {
        out.println("  -> " + method + " " + path);
        if (body != null) {
            printJson(body);
        }
    }

    void answer(int status, String body) {
        out.println("  <- " + status + " " + REASONS.getOrDefault(status, ""));
        if (body != null && !body.isBlank()) {
            printJson(body);
        }
    }

    /** One request and its answer on a line, for a poll that is watched for changes. */
    void compact(String method, String path, int status, String summary) {
        out.println("  -> " + method + " " + path + "   <- " + status + "  " + summary);
    }

    void line(String text) {
        out.println(text);
    }

    private void printJson(String body) {
        List<String> lines = pretty(body);
        int shown = Math.min(lines.size(), MAX_LINES);
        for (int i = 0; i < shown; i++) {
            out.println(INDENT + lines.get(i));
        }
        if (lines.size() > shown) {
            out.println(INDENT + "... (" + (lines.size() - shown) + " more lines)");
        }
    }

    /** The body pretty-printed with long arrays and strings cut short; a body that is not JSON as it is. */
    static List<String> pretty(String body) {
        try {
            JsonNode tree = PRETTY.readTree(body);
            return List.of(PRETTY.writeValueAsString(trim(tree, tree.isArray() ? 1 : MAX_ITEMS)).split("\\R"));
        } catch (JacksonException e) {
            return List.of(body.strip().split("\\R"));
        }
    }

    /** A copy with arrays cut to {@code maxItems} (nested ones to {@link #MAX_ITEMS}) and long strings cut short. */
    static JsonNode trim(JsonNode node, int maxItems) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            for (int i = 0; i < node.size() && i < maxItems; i++) {
                copy.add(trim(node.get(i), MAX_ITEMS));
            }
            if (node.size() > maxItems) {
                copy.add("... " + (node.size() - maxItems) + " more");
            }
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = nodes.objectNode();
            List<String> names = new ArrayList<>(node.propertyNames());
            for (String name : names) {
                copy.set(name, trim(node.get(name), MAX_ITEMS));
            }
            return copy;
        }
        if (node.isString() && node.asString().length() > MAX_STRING) {
            return nodes.stringNode(node.asString().substring(0, MAX_STRING) + "...");
        }
        return node;
    }
}
