package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.KafkaTool;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code shown in a lesson README is a marked region of the lesson's source, so it cannot drift:
 * {@code <!-- snippet: path/File.java#name -->} followed by a fenced block must equal the lines
 * between {@code // tag::name[]} and {@code // end::name[]} in that file, indentation removed.
 */
class ReadmeSnippetsTest {

    /** A link to another lesson's folder, as the track line writes it: {@code [5](../05-commit-log)}. */
    private static final Pattern LESSON_LINK = Pattern.compile("\\]\\((\\.\\./\\d\\d-[a-z-]+)\\)");

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

    /** One snippet marker in a README and the code block after it. */
    record Snippet(Path readme, String file, String tag, List<String> shown) {
    }

    @Test
    @DisplayName("Every code snippet in a lesson README equals its marked region in the source")
    void snippetsMatchSource() throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (Path readme : lessonReadmes()) {
            snippets.addAll(snippetsIn(readme));
        }
        assertThat(snippets).as("snippets found in lesson READMEs").hasSizeGreaterThanOrEqualTo(3);
        for (Snippet s : snippets) {
            Path source = s.readme().getParent().resolve(s.file());
            assertThat(source).as("source named in " + s.readme()).exists();
            assertThat(s.shown()).as(s.readme() + " snippet " + s.file() + "#" + s.tag())
                    .isEqualTo(region(source, s.tag()));
        }
    }

    @Test
    @DisplayName("Every lesson module has a README with the headings all lessons share, and a track line whose lessons exist")
    void readmesHaveTheSameShape() throws IOException {
        List<String> headings = List.of("## What you will learn", "## The idea", "## Run it", "## What you should see",
                "## What just happened", "## Try this", "## On a real cluster");
        List<Path> readmes = lessonReadmes();
        assertThat(readmes).hasSizeGreaterThanOrEqualTo(2);
        for (Path readme : readmes) {
            List<String> lines = Files.readAllLines(readme);
            assertThat(lines.get(0)).as(readme + " title").matches("# Lesson \\d\\d: .+");
            assertThat(lines.get(2)).as(readme + " track line").startsWith("**Track:** ");
            Matcher lesson = LESSON_LINK.matcher(lines.get(2));
            while (lesson.find()) {
                assertThat(readme.getParent().resolve(lesson.group(1))).as(readme + " links a lesson to read first").isDirectory();
            }
            assertThat(lines.stream().filter(l -> l.startsWith("## ")).toList()).as(readme + " headings")
                    .containsExactlyElementsOf(headings);
        }
    }

    @Test
    @DisplayName("Every lesson README's title is the lesson's own title, as ./lessons list and the run print it")
    void readmeTitlesAreTheLessonTitles() throws IOException {
        for (LessonEntry lesson : LessonCatalog.load().all()) {
            Path readme = REPOSITORY.resolve("code").resolve(lesson.info().folder()).resolve("README.md");
            assertThat(Files.readAllLines(readme).get(0)).as(readme.toString())
                    .isEqualTo(String.format("# Lesson %02d: %s", lesson.info().number(), lesson.info().title()));
        }
    }

    @Test
    @DisplayName("Every \"Try this\" item a lesson applies itself with --try N says so in its README, as item N")
    void triesAreInTheReadmes() throws IOException {
        for (LessonEntry lesson : LessonCatalog.load().all()) {
            Path readme = REPOSITORY.resolve("code").resolve(lesson.info().folder()).resolve("README.md");
            String tryThis = TryThis.section(readme);
            for (int n : lesson.tries().keySet()) {
                Matcher item = Pattern.compile("(?ms)^" + n + "\\. (.*?)(?=^\\d+\\. |\\z)").matcher(tryThis);
                assertThat(item.find()).as(readme + " Try this " + n).isTrue();
                assertThat(item.group(1)).as(readme + " Try this " + n).contains("./lessons " + lesson.info().number() + " --try " + n);
            }
        }
    }

    @Test
    @DisplayName("Every constant a \"Try this\" item says to change is declared where the item says: in the class it names,"
            + " or else in the lesson's own code")
    void tryThisNamesRealConstants() throws IOException {
        Pattern change = Pattern.compile("(?:[Cc]hange|[Ss]et|[Mm]ake)\\s+`(?:([A-Z][A-Za-z0-9]+)\\.)?([A-Z][A-Z0-9_]+)`");
        Pattern inClass = Pattern.compile("\\b[Ii]n \\[?`?([A-Z][A-Za-z0-9]+)`?\\]?");
        List<Path> sources = mainSources().stream().filter(f -> f.toString().endsWith(".java")).toList();
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String tryThis = TryThis.section(readme);
            for (String item : tryThis.split("(?m)^(?=\\d+\\. )")) {
                Matcher m = change.matcher(item);
                while (m.find()) {
                    String named = m.group(1);
                    Matcher in = inClass.matcher(item);
                    while (named == null && in.find()) {
                        String candidate = in.group(1);
                        if (sources.stream().anyMatch(f -> f.getFileName().toString().equals(candidate + ".java"))) {
                            named = candidate;
                        }
                    }
                    String owner = named;
                    List<Path> where = sources.stream().filter(f -> owner != null ? f.getFileName().toString().equals(owner + ".java")
                            : f.startsWith(readme.getParent())).toList();
                    Pattern declared = Pattern.compile("\\b" + m.group(2) + "\\s*=");
                    boolean found = false;
                    for (Path f : where) {
                        found |= declared.matcher(Files.readString(f)).find();
                    }
                    assertThat(found).as(readme + ": " + m.group() + (owner != null ? " in " + owner : "")).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    @Test
    @DisplayName("Every class, file and method a \"Try this\" item points to exists: `Class.method`, and in `Class`, in `method`"
            + " or in `file`")
    void tryThisNamesRealCode() throws IOException {
        Pattern member = Pattern.compile("`([A-Z][A-Za-z0-9]+)\\.([a-z][A-Za-z0-9]*)(?:\\(\\))?`");
        Pattern place = Pattern.compile("\\b(?:[Ii]n|[Ff]rom) \\[?`([A-Za-z][A-Za-z0-9_.]*)`");
        List<Path> sources = mainSources();
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String tryThis = TryThis.section(readme);
            List<Path> own = sources.stream().filter(f -> f.startsWith(readme.getParent())).toList();
            Matcher m = member.matcher(tryThis);
            while (m.find()) {
                // The lesson's own class first: two lessons may have a class of the same name (CrashStep).
                Path file = Optional.ofNullable(named(own, m.group(1) + ".java")).orElse(named(sources, m.group(1) + ".java"));
                assertThat(file).as(readme + ": " + m.group()).isNotNull();
                assertThat(Files.readString(file)).as(readme + ": " + m.group()).contains(m.group(2) + "(");
                checked++;
            }
            Matcher p = place.matcher(tryThis);
            while (p.find()) {
                String name = p.group(1);
                if (name.matches("[A-Z][A-Z0-9_]+") || name.matches("[A-Z][A-Za-z0-9]+\\.[a-z][A-Za-z0-9]*")) {
                    // A constant or an enum value (from `FULL`: tryThisNamesRealConstants covers the ones to change), or a
                    // Class.method, checked above.
                    continue;
                }
                boolean exists = name.matches("[A-Z].*") || name.contains(".")
                        ? named(sources, name.contains(".") ? name : name + ".java") != null
                        : own.stream().anyMatch(f -> read(f).contains(" " + name + "("));
                assertThat(exists).as(readme + ": " + p.group()).isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    @DisplayName("Every ./lessons command a \"Try this\" item asks for starts with something the runner knows: a lesson that"
            + " exists, one of its commands, or one of Kafka's tools it wraps")
    void tryThisCommandsAreRunnerCommands() throws IOException {
        Set<String> known = new HashSet<>(Set.of("cluster", "view", "list", "record", "measure", "help"));
        LessonCatalog.load().all().forEach(lesson -> known.add(Integer.toString(lesson.info().number())));
        Arrays.stream(KafkaTool.values()).forEach(tool -> known.add(tool.command()));
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String section = TryThis.section(readme);
            for (int n = 1; section.contains("\n" + n + ". "); n++) {
                for (String command : TryThis.typed(readme, n, "./lessons ")) {
                    assertThat(known).as(readme + " Try this " + n + ": " + command).contains(command.split(" ")[1]);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(60);
    }

    /** Every file under a module's src/main (Java sources, Protobuf and Avro schemas, resources). */
    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> all = Files.walk(REPOSITORY.resolve("code"))) {
            return all.filter(f -> f.toString().contains("/src/main/") && Files.isRegularFile(f)).toList();
        }
    }

    private static Path named(List<Path> files, String fileName) {
        return files.stream().filter(f -> f.getFileName().toString().equals(fileName)).findFirst().orElse(null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> lessonReadmes() throws IOException {
        try (Stream<Path> modules = Files.list(REPOSITORY.resolve("code"))) {
            return modules.filter(m -> m.getFileName().toString().matches("\\d\\d-.+"))
                    .map(m -> m.resolve("README.md")).sorted().toList();
        }
    }

    private static List<Snippet> snippetsIn(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            assertThat(lines.get(i + 1)).as(readme + " line " + (i + 2) + " opens a code block").startsWith("```");
            List<String> shown = new ArrayList<>();
            int j = i + 2;
            while (!lines.get(j).startsWith("```")) {
                shown.add(lines.get(j++));
            }
            found.add(new Snippet(readme, m.group(1), m.group(2), shown));
        }
        return found;
    }

    private static List<String> region(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = indexOf(lines, "// tag::" + tag + "[]", source);
        int end = indexOf(lines, "// end::" + tag + "[]", source);
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static int indexOf(List<String> lines, String marker, Path source) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(source + " has no line '" + marker + "'");
    }
}
