"""Reads a topic with Python's confluent-kafka (an independent Kafka client) and prints one JSON line per record.

Usage: confluent_read.py BOOTSTRAP TOPIC PARTITIONS COUNT
Exits 3 when confluent-kafka is not installed, 2 when COUNT records did not arrive within 20 s.
"""
import json
import sys
import time

try:
    from confluent_kafka import Consumer, TopicPartition
except ImportError:
    print("confluent-kafka is not installed (pip install confluent-kafka)", file=sys.stderr)
    sys.exit(3)

bootstrap, topic, partitions, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-interop", "enable.auto.commit": False})
consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
seen = 0
deadline = time.monotonic() + 20
while seen < count and time.monotonic() < deadline:
    message = consumer.poll(0.2)
    if message is None or message.error():
        continue
    headers = [[name, value.decode() if value is not None else None] for name, value in (message.headers() or [])]
    print(json.dumps({
        "partition": message.partition(), "offset": message.offset(),
        "key": message.key().decode() if message.key() else None,
        "value": message.value().decode(), "headers": headers,
    }))
    seen += 1
consumer.close()
sys.exit(0 if seen == count else 2)
