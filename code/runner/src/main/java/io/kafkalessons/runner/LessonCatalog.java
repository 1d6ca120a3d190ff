package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.LessonEntry;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Every lesson on the classpath, in order of number. */
final class LessonCatalog {

    private final List<LessonEntry> lessons;

    private LessonCatalog(List<LessonEntry> lessons) {
        this.lessons = lessons;
    }

    static LessonCatalog load() {
        List<LessonEntry> found = ServiceLoader.load(LessonEntry.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(l -> l.info().number()))
                .toList();
        return new LessonCatalog(found);
    }

    List<LessonEntry> all() {
        return lessons;
    }

    Optional<LessonEntry> byNumber(int number) {
        return lessons.stream().filter(l -> l.info().number() == number).findFirst();
    }
}
