package dev.windsurf.data;

/** Whether a {@link Database} accepts writes. */
public enum WriteMode {
    /** Writes go to the database. */
    READ_WRITE,
    /** Writes are refused at once with a {@link ReadOnlyModeException}, without touching the database; reads work. */
    READ_ONLY
}
