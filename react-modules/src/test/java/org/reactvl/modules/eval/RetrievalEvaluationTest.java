package org.reactvl.modules.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RetrievalEvaluationTest {
  @Test
  void should_measure_recall_at_k_in_both_directions() {
    // given 3 pairs: images 0 and 1 match their texts best; image 2 is closest to text 0, then to its own
    INDArray images = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {0.9f, 0, 0.4f}});
    INDArray texts = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

    // when
    RetrievalReport r = RetrievalEvaluation.evaluate(images, texts, new int[] {1, 2}, Bootstrap.DEFAULT);

    // then image->text: images 0, 1 rank their text first, image 2 second: R@1 = 2/3, R@2 = 1
    assertThat(r.pairs()).isEqualTo(3);
    assertThat(r.imageToText().get(1).estimate()).isEqualTo(2.0 / 3);
    assertThat(r.imageToText().get(2).estimate()).isEqualTo(1.0);
    // text->image: text 2 ranks image 2 first (the only image with a z component); text 0 ranks image 0
    // (cos 1) above image 2 (cos 0.91); so R@1 = 1
    assertThat(r.textToImage().get(1).estimate()).isEqualTo(1.0);
  }
}
