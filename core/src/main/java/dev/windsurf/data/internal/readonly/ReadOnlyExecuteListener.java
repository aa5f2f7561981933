package dev.windsurf.data.internal.readonly;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;

/**
 * Refuses statements that write (DML, DDL, batches) on the non-transactional jOOQ context while the database is
 * READ_ONLY, so that {@code Database.dsl()} obeys the mode like the write transactions do. Thread-safe.
 */
public final class ReadOnlyExecuteListener implements ExecuteListener {

    private static final long serialVersionUID = 1L;

    private final transient ReadOnlyGate gate;

    public ReadOnlyExecuteListener(ReadOnlyGate gate) {
        this.gate = gate;
    }

    @Override
    public void start(ExecuteContext ctx) {
        ExecuteType type = ctx.type();
        if (type == ExecuteType.WRITE || type == ExecuteType.DDL || type == ExecuteType.BATCH) {
            gate.checkWritable();
        }
    }
}
