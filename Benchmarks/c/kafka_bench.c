/*
 * kafka_bench: the C side of CartStream's Swift-vs-C throughput benchmark.
 *
 * Uses librdkafka directly, with exactly the settings our Swift client uses by
 * default (see KafkaProducerConfiguration / KafkaConsumerConfiguration
 * .librdkafkaProperties), so the Swift figures can be compared to this baseline.
 *
 *   kafka_bench produce --brokers HOST:PORT --topic T [-n N] [-s SIZE] [-p PARTITIONS]
 *   kafka_bench consume --brokers HOST:PORT --topic T [-n N] [-p PARTITIONS] [--timeout SEC] [--property K=V]
 *
 * Produce: N keyless messages of SIZE bytes, partition chosen explicitly round
 * robin (i % P, the same as the Swift side), RD_KAFKA_MSG_F_COPY like our
 * `cartstream_produce` shim; QUEUE_FULL is handled by polling, then flush. Every
 * delivery report is checked: any failure makes the run fail.
 *
 * Consume: an assign-only consumer on all P partitions from the beginning.
 * It reads with rd_kafka_consume_batch_queue() on the consumer queue (the
 * fastest idiomatic C API: one call hands over up to 1000 messages without a
 * per-message call into librdkafka), asking for at most the number still
 * missing so the last call does not sit out its timeout. Each payload is
 * touched (lengths and first bytes summed) so the work is real.
 *
 * Consumer throughput is timed from the first message received to the N-th:
 * connecting, metadata and the first fetch (librdkafka timers of up to a
 * second, which dominate a sub-second run) are reported apart as `startup`.
 *
 * Output, one machine-readable line:
 *   c produce msgs=N bytes=B seconds=S msgs_per_sec=R enqueue_seconds=E   (E: until the last produce call returned)
 *   c consume msgs=N bytes=B seconds=S msgs_per_sec=R startup=S total_seconds=S checksum=X
 * Exit status is non-zero when not all N messages were delivered / received.
 *
 * Build: cc -O2 -o kafka_bench kafka_bench.c $(pkg-config --cflags --libs rdkafka)
 */
#define _POSIX_C_SOURCE 200809L
#include <librdkafka/rdkafka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
        char errstr[512];
        if (rd_kafka_conf_set(conf, name, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "kafka_bench: %s=%s: %s\n", name, value, errstr);
                exit(2);
        }
}

/* The shared client settings (KafkaClientConfiguration.librdkafkaProperties). */
static void set_client(rd_kafka_conf_t *conf, const char *brokers, const char *client_id) {
        set(conf, "bootstrap.servers", brokers);
        set(conf, "client.id", client_id);
        set(conf, "security.protocol", "plaintext");
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
        (void)rk;
        if (level <= 4) fprintf(stderr, "kafka_bench: librdkafka %d %s: %s\n", level, fac, buf);
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
        (void)rk;
        (void)opaque;
        fprintf(stderr, "kafka_bench: librdkafka error %s: %s\n", rd_kafka_err2name((rd_kafka_resp_err_t)err), reason);
}

/* ---------------------------------------------------------------- produce */

static long long delivered, failed;

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
        (void)rk;
        (void)opaque;
        if (m->err) {
                if (failed++ == 0) fprintf(stderr, "kafka_bench: delivery failed: %s\n", rd_kafka_err2str(m->err));
        } else {
                delivered++;
        }
}

static int produce(const char *brokers, const char *topic, long long n, size_t size, int partitions) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char errstr[512];
        set_client(conf, brokers, "kafka-bench-c-producer");
        /* KafkaProducerConfiguration defaults, same order. */
        set(conf, "acks", "-1");
        set(conf, "enable.idempotence", "true");
        set(conf, "linger.ms", "5");
        set(conf, "batch.num.messages", "10000");
        set(conf, "queue.buffering.max.messages", "100000");
        set(conf, "message.timeout.ms", "30000");
        set(conf, "compression.type", "none");
        set(conf, "partitioner", "murmur2_random");
        rd_kafka_conf_set_dr_msg_cb(conf, dr_msg_cb);
        rd_kafka_conf_set_log_cb(conf, log_cb);
        rd_kafka_conf_set_error_cb(conf, error_cb);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!rk) {
                fprintf(stderr, "kafka_bench: rd_kafka_new: %s\n", errstr);
                return 2;
        }
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);

        char *payload = malloc(size ? size : 1);
        for (size_t i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);

        double start = now_seconds();
        for (long long i = 0; i < n; i++) {
                int32_t partition = (int32_t)(i % partitions);
                for (;;) {
                        rd_kafka_resp_err_t err = rd_kafka_producev(
                            rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(payload, size),
                            RD_KAFKA_V_KEY(NULL, 0), RD_KAFKA_V_TIMESTAMP(0), RD_KAFKA_V_OPAQUE(NULL),
                            RD_KAFKA_V_END);
                        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
                        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                                /* Backpressure: serve delivery reports until there is room. */
                                rd_kafka_poll(rk, 100);
                                continue;
                        }
                        fprintf(stderr, "kafka_bench: produce: %s\n", rd_kafka_err2str(err));
                        return 1;
                }
                /* Serve delivery reports now and then without blocking. */
                if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
        }
        double enqueue_seconds = now_seconds() - start;
        rd_kafka_resp_err_t err = rd_kafka_flush(rk, 60 * 1000);
        double seconds = now_seconds() - start;
        if (err) {
                fprintf(stderr, "kafka_bench: flush: %s (%d outstanding)\n", rd_kafka_err2str(err), rd_kafka_outq_len(rk));
                return 1;
        }
        rd_kafka_poll(rk, 0);
        printf("c produce msgs=%lld bytes=%lld seconds=%.4f msgs_per_sec=%.0f enqueue_seconds=%.4f\n", delivered,
               (long long)(delivered * (long long)size), seconds, (double)delivered / seconds, enqueue_seconds);
        fflush(stdout);
        int ok = delivered == n && failed == 0;
        if (!ok) fprintf(stderr, "kafka_bench: only %lld of %lld delivered (%lld failed)\n", delivered, n, failed);
        free(payload);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
        return ok ? 0 : 1;
}

/* ---------------------------------------------------------------- consume */

/* --property NAME=VALUE: extra consumer properties, for experiments only. */
enum { MAX_EXTRA = 16 };
static const char *extra_names[MAX_EXTRA], *extra_values[MAX_EXTRA];
static int n_extra;

static int consume(const char *brokers, const char *topic, long long n, int partitions, double timeout_seconds) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char errstr[512];
        set_client(conf, brokers, "kafka-bench-c-consumer");
        /* KafkaConsumerConfiguration defaults, same order (no group: assign only). */
        set(conf, "group.id", "cartstream-unassigned-kafka-bench-c-consumer");
        set(conf, "auto.offset.reset", "earliest");
        set(conf, "enable.auto.commit", "false");
        set(conf, "enable.auto.offset.store", "false");
        set(conf, "isolation.level", "read_committed");
        set(conf, "partition.assignment.strategy", "cooperative-sticky");
        set(conf, "session.timeout.ms", "10000");
        set(conf, "max.poll.interval.ms", "300000");
        set(conf, "enable.partition.eof", "false");
        set(conf, "queued.min.messages", "1000000");
        for (int i = 0; i < n_extra; i++) set(conf, extra_names[i], extra_values[i]);
        rd_kafka_conf_set_log_cb(conf, log_cb);
        rd_kafka_conf_set_error_cb(conf, error_cb);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
        if (!rk) {
                fprintf(stderr, "kafka_bench: rd_kafka_new: %s\n", errstr);
                return 2;
        }
        rd_kafka_poll_set_consumer(rk);
        rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);

        double start = now_seconds();
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; p++)
                rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_resp_err_t err = rd_kafka_assign(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err) {
                fprintf(stderr, "kafka_bench: assign: %s\n", rd_kafka_err2str(err));
                return 1;
        }

        enum { BATCH = 1000 };
        rd_kafka_message_t *batch[BATCH];
        long long received = 0, bytes = 0, errors = 0;
        uint64_t checksum = 0;
        double deadline = start + timeout_seconds, first = 0;
        while (received < n && now_seconds() < deadline) {
                long long missing = n - received;
                size_t want = missing < BATCH ? (size_t)missing : BATCH;
                ssize_t count = rd_kafka_consume_batch_queue(queue, 100, batch, want);
                if (count < 0) {
                        fprintf(stderr, "kafka_bench: consume_batch_queue: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
                        return 1;
                }
                if (count > 0 && first == 0) first = now_seconds();
                for (ssize_t i = 0; i < count; i++) {
                        rd_kafka_message_t *m = batch[i];
                        if (m->err) {
                                if (errors++ < 5) fprintf(stderr, "kafka_bench: consume: %s\n", rd_kafka_message_errstr(m));
                        } else {
                                received++;
                                bytes += (long long)m->len;
                                if (m->len) checksum += ((const unsigned char *)m->payload)[0] + ((const unsigned char *)m->payload)[m->len - 1];
                        }
                        rd_kafka_message_destroy(m);
                }
        }
        double end = now_seconds();
        /* Throughput from the first message on; connecting and the first fetch are `startup`. */
        double seconds = first ? end - first : end - start;
        printf("c consume msgs=%lld bytes=%lld seconds=%.4f msgs_per_sec=%.0f startup=%.4f total_seconds=%.4f "
               "checksum=%" PRIu64 "\n",
               received, bytes, seconds, (double)received / seconds, first ? first - start : 0.0, end - start, checksum);
        fflush(stdout);
        int ok = received == n;
        if (!ok) fprintf(stderr, "kafka_bench: FAILED: received %lld of %lld messages within %.0f s\n", received, n, timeout_seconds);
        rd_kafka_queue_destroy(queue);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        return ok ? 0 : 1;
}

/* ---------------------------------------------------------------- main */

static void usage(void) {
        fprintf(stderr,
                "usage: kafka_bench produce|consume --brokers HOST:PORT --topic T [-n MESSAGES] [-s SIZE] "
                "[-p PARTITIONS] [--timeout SECONDS] [--property NAME=VALUE (consume)]\n");
        exit(2);
}

int main(int argc, char **argv) {
        if (argc < 2) usage();
        const char *mode = argv[1], *brokers = NULL, *topic = NULL;
        long long n = 1000000;
        long size = 100;
        int partitions = 32;
        double timeout = 120;
        for (int i = 2; i < argc; i++) {
                const char *a = argv[i];
                if (i + 1 >= argc) usage();
                const char *v = argv[++i];
                if (!strcmp(a, "--brokers")) brokers = v;
                else if (!strcmp(a, "--topic")) topic = v;
                else if (!strcmp(a, "-n") || !strcmp(a, "--messages")) n = atoll(v);
                else if (!strcmp(a, "-s") || !strcmp(a, "--size")) size = atol(v);
                else if (!strcmp(a, "-p") || !strcmp(a, "--partitions")) partitions = atoi(v);
                else if (!strcmp(a, "--timeout")) timeout = atof(v);
                else if (!strcmp(a, "--property") && strchr(v, '=') && n_extra < MAX_EXTRA) {
                        char *copy = strdup(v), *eq = strchr(copy, '=');
                        *eq = '\0';
                        extra_names[n_extra] = copy;
                        extra_values[n_extra++] = eq + 1;
                }
                else usage();
        }
        if (!brokers || !topic || n <= 0 || size < 0 || partitions <= 0) usage();
        if (!strcmp(mode, "produce")) return produce(brokers, topic, n, (size_t)size, partitions);
        if (!strcmp(mode, "consume")) return consume(brokers, topic, n, partitions, timeout);
        usage();
        return 2;
}
