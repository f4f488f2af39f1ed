package org.reactvl.index.lucene;

import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.reactvl.index.VectorEncoding;

/**
 * The writing codec: Lucene's default codec with the store's HNSW vector format for every vector
 * field.
 *
 * <p>It keeps the default codec's name, and the vector format keeps its own name, so segments record
 * only standard names and any Lucene 10.6 reader opens the index without this class being registered
 * (the HNSW parameters matter only when writing; the quantization encoding is recorded in the files).
 * The one thing it changes besides the parameters is {@link KnnVectorsFormat#getMaxDimensions}, which
 * Lucene checks when indexing and which is 1024 in the stock formats: CLIP ViT-bigG/14 has 1280.
 */
final class StoreCodec extends FilterCodec {
  private final KnnVectorsFormat vectors;

  StoreCodec(VectorEncoding encoding, int maxConn, int beamWidth, int maxDimensions) {
    super(Codec.getDefault().getName(), Codec.getDefault());
    KnnVectorsFormat format = hnswFormat(encoding, maxConn, beamWidth);
    KnnVectorsFormat lifted = new LiftedDimensionsFormat(format, maxDimensions);
    this.vectors = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return lifted;
      }
    };
  }

  @Override
  public KnnVectorsFormat knnVectorsFormat() {
    return vectors;
  }

  private static KnnVectorsFormat hnswFormat(VectorEncoding encoding, int maxConn, int beamWidth) {
    return switch (encoding) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(maxConn, beamWidth);
      case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, maxConn, beamWidth);
      case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, maxConn, beamWidth);
      case BINARY ->
          new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConn, beamWidth);
    };
  }

  /** A format under its delegate's name that allows more dimensions; reads and writes are the delegate's. */
  private static final class LiftedDimensionsFormat extends KnnVectorsFormat {
    private final KnnVectorsFormat delegate;
    private final int maxDimensions;

    LiftedDimensionsFormat(KnnVectorsFormat delegate, int maxDimensions) {
      super(delegate.getName());
      this.delegate = delegate;
      this.maxDimensions = maxDimensions;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return maxDimensions;
    }

    @Override
    public String toString() {
      return delegate + "[maxDimensions=" + maxDimensions + "]";
    }
  }
}
