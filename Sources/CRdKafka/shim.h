#ifndef CARTSTREAM_CRDKAFKA_SHIM_H
#define CARTSTREAM_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Produces one message through `rd_kafka_producev`, which is variadic and so
/// cannot be called from Swift directly. `headers` (may be NULL) is owned by
/// librdkafka when this returns RD_KAFKA_RESP_ERR_NO_ERROR, and still owned by
/// the caller otherwise. `payload` and `key` are copied.
static inline rd_kafka_resp_err_t cartstream_produce(rd_kafka_t *rk,
                                                     rd_kafka_topic_t *rkt,
                                                     int32_t partition,
                                                     const void *payload, size_t payload_len,
                                                     const void *key, size_t key_len,
                                                     int64_t timestamp_ms,
                                                     rd_kafka_headers_t *headers,
                                                     void *opaque) {
        if (headers) {
                return rd_kafka_producev(rk,
                                         RD_KAFKA_V_RKT(rkt),
                                         RD_KAFKA_V_PARTITION(partition),
                                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                         RD_KAFKA_V_VALUE((void *)payload, payload_len),
                                         RD_KAFKA_V_KEY(key, key_len),
                                         RD_KAFKA_V_TIMESTAMP(timestamp_ms),
                                         RD_KAFKA_V_HEADERS(headers),
                                         RD_KAFKA_V_OPAQUE(opaque),
                                         RD_KAFKA_V_END);
        }
        return rd_kafka_producev(rk,
                                 RD_KAFKA_V_RKT(rkt),
                                 RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_VALUE((void *)payload, payload_len),
                                 RD_KAFKA_V_KEY(key, key_len),
                                 RD_KAFKA_V_TIMESTAMP(timestamp_ms),
                                 RD_KAFKA_V_OPAQUE(opaque),
                                 RD_KAFKA_V_END);
}

#endif
