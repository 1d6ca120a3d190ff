package io.kafkalessons.sandbox.lesson;

/**
 * A lesson's identity for the runner: {@code ./lessons list} prints number and title.
 *
 * @param number  the number in {@code code/NN-slug}
 * @param slug    the folder name after the number, e.g. {@code znodes}
 * @param title   one line, e.g. "Znodes: the ZooKeeper data model"
 * @param needs   the sandbox it starts when run without an external cluster
 * @param seconds about how long a run on the sandbox takes, for the runner's list
 */
public record LessonInfo(int number, String slug, String title, Needs needs, int seconds) {

    /** {@code 01-znodes}: the module folder, also used to name log folders. */
    public String folder() {
        return String.format("%02d-%s", number, slug);
    }
}
