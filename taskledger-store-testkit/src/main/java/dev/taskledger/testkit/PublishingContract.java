package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.taskledger.testkit.SampleTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transactional outbox through the services with publishing on: every committed transition leaves exactly
 * one message (event id, routing key {@code task.<type>.<status>}) in event order; a refused call leaves none.
 */
public abstract class PublishingContract extends ServiceContractSupport {

    @BeforeEach
    protected final void publishEvents() {
        Queue queue = queueOver(store, SETTINGS.withPublishEvents(true));
        tasks = queue.tasks();
        work = queue.work();
        rescuer = queue.rescuer();
    }

    private List<OutboxMessage> outbox() {
        return tx((StoreTx tx) -> tx.outbox().nextUnsent(clock.instant().plusSeconds(3600), 1_000));
    }

    @Test
    public void everyTransition_writesOneMessagePerEvent_inEventOrder() {
        Task created = create(newTask("mail.v2"));
        clock.advanceSeconds(1);
        Task first = claimOnly("w1");
        clock.advanceSeconds(1);
        work.fail(TENANT, created.id(), new Failure(first.leaseToken(), "boom", true, 0L));
        Task second = claimOnly("w2");
        clock.advanceSeconds(1);
        work.complete(TENANT, created.id(), second.leaseToken(), "{}");

        List<OutboxMessage> messages = outbox();
        List<TaskEvent> events = events(created.id()).reversed();

        assertThat(messages).extracting(OutboxMessage::routingKey).containsExactly("task.mail_v2.pending",
                "task.mail_v2.processing", "task.mail_v2.pending", "task.mail_v2.processing", "task.mail_v2.completed");
        assertThat(messages).extracting(OutboxMessage::eventId).containsExactlyElementsOf(
                events.stream().map(TaskEvent::id).toList());
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.taskId()).isEqualTo(created.id());
            assertThat(m.tenant()).isEqualTo(TENANT);
            assertThat(m.sentAt()).isNull();
        });
        assertThat(messages).extracting(OutboxMessage::createdAt).containsExactlyElementsOf(
                events.stream().map(TaskEvent::createdAt).toList());
    }

    @Test
    public void aRefusedCall_writesNoMessage() {
        Task created = create(newTask("mail"));
        Task claimed = claimOnly("w1");
        int before = outbox().size();

        assertThatThrownBy(() -> work.complete(TENANT, created.id(), "not-the-token", "{}"))
                .isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> tasks.retry(TENANT, claimed.id())).isInstanceOf(ServiceException.class);

        assertThat(outbox()).hasSize(before);
    }

    @Test
    public void leaseRescue_andIdempotentReplay_publishAsTheyAudit() {
        create(newTask("mail", "{}", null, "key-1"));
        tasks.create(TENANT, newTask("mail", "{}", null, "key-1")); // replay: no new event, no new message
        claimOnly("w1");
        clock.set(T0.plusSeconds(301));

        rescuer.rescueExpired(10);

        assertThat(outbox()).extracting(OutboxMessage::routingKey)
                .containsExactly("task.mail.pending", "task.mail.processing", "task.mail.pending");
    }
}
