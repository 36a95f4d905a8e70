// Placeholder so that the `KafkaTests` target declared in Package.swift has a
// source file on the `domain` branch; the Kafka tests live on `main`.
// Delete this file when merging `domain` with a branch that has Tests/KafkaTests.
