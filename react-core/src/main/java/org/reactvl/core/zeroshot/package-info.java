/**
 * Zero-shot classification: class names become prompts ("a photo of a {}."), the text tower turns
 * them into class weights, and an image's class is the weight most similar to its features. This
 * is how REACT measures a customized model on a domain without training a classifier head.
 */
package org.reactvl.core.zeroshot;
