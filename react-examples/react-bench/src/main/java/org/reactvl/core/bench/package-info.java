/**
 * JMH micro-benchmarks of the CLIP towers: {@link org.reactvl.core.bench.EncoderJmh}, on captions from
 * {@link org.reactvl.core.bench.RandomCaptions} (which {@code react bench encode-text} uses too). Run from a build
 * with {@code .ci/with-jdk java -cp "react-examples/target/lib/*" org.openjdk.jmh.Main EncoderJmh}; JMH's
 * options apply ({@code -p arch=ViT-B-16 -p batch=8}).
 */
package org.reactvl.core.bench;
