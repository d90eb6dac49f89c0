package dev.taskledger.embedded;

import dev.taskledger.client.TaskledgerException;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;
import dev.taskledger.protocol.ProblemDto;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.store.StoreException;
import dev.taskledger.wire.ProblemTypes;

import java.util.function.Supplier;

/**
 * Runs one in-process call and turns the errors of the services and the store into the exceptions the HTTP client
 * throws for the same problem ({@link ProblemTypes} decides the type for both), so code behaves the same in both modes.
 */
final class Errors {
    private Errors() {}

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ServiceException e) {
            throw exception(ProblemTypes.typeOf(e), e.getMessage(), ProblemTypes.currentStatusOf(e), e);
        } catch (StoreException e) {
            ProblemType type = ProblemTypes.typeOf(e);
            String detail = type == ProblemType.UNAVAILABLE
                    ? "the database is not available at the moment; try again later (" + e.getMessage() + ")" : e.getMessage();
            throw exception(type, detail, null, e);
        }
    }

    static void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    static TaskledgerException exception(ProblemType type, String detail, String currentStatus, RuntimeException cause) {
        ProblemDto p = new ProblemDto(type.uri(), type.title(), type.status(), Text.printable(detail), null, currentStatus, null);
        TaskledgerException e = TaskledgerException.of(p);
        e.initCause(cause);
        return e;
    }

    static UnsupportedOperationException unsupported(String function) {
        return new UnsupportedOperationException(function + " is not supported by the embedded client (taskledger-embedded):"
                + " use the HTTP client (TaskledgerClient.builder()) for it; docs/client.md lists what runs in process");
    }
}
