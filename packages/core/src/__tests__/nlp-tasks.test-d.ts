import { describe, expectTypeOf, it } from 'vitest';
import type { GenerateParameters } from '../generation';
import type { RequestOptions } from '../options';
import {
  featureExtraction,
  type FeatureExtractionInput,
  type FeatureExtractionOutput,
} from '../tasks/feature-extraction';
import { fillMask, type FillMaskInput, type FillMaskOutput } from '../tasks/fill-mask';
import {
  questionAnswering,
  type QuestionAnsweringInput,
  type QuestionAnsweringOutput,
} from '../tasks/question-answering';
import {
  sentenceSimilarity,
  type SentenceSimilarityInput,
  type SentenceSimilarityOutput,
} from '../tasks/sentence-similarity';
import { summarization, type SummarizationInput, type SummarizationOutput } from '../tasks/summarization';
import {
  tableQuestionAnswering,
  type TableQuestionAnsweringInput,
  type TableQuestionAnsweringOutput,
} from '../tasks/table-question-answering';
import {
  tabularClassification,
  type TabularClassificationInput,
  type TabularClassificationOutput,
} from '../tasks/tabular-classification';
import {
  tabularRegression,
  type TabularRegressionInput,
  type TabularRegressionOutput,
} from '../tasks/tabular-regression';
import {
  textClassification,
  type TextClassificationInput,
  type TextClassificationOutput,
} from '../tasks/text-classification';
import {
  textGeneration,
  textGenerationStream,
  type TextGenerationDetails,
  type TextGenerationInput,
  type TextGenerationOutput,
  type TextGenerationStreamDetails,
  type TextGenerationStreamInput,
  type TextGenerationStreamOutput,
  type TextGenerationToken,
} from '../tasks/text-generation';
import {
  tokenClassification,
  type TokenClassificationEntity,
  type TokenClassificationInput,
  type TokenClassificationOutput,
} from '../tasks/token-classification';
import { translation, type TranslationInput, type TranslationOutput } from '../tasks/translation';

type Truncation = 'do_not_truncate' | 'longest_first' | 'only_first' | 'only_second';
type Table<T> = Record<string, T[]>;

describe('NLP task input types', () => {
  it('pin every input, camelCase, with optional parameters', () => {
    expectTypeOf<TextClassificationInput>().toEqualTypeOf<{
      inputs: string | { text: string; textPair: string };
      parameters?:
        { functionToApply?: 'sigmoid' | 'softmax' | 'none' | undefined; topK?: number | undefined } | undefined;
    }>();
    expectTypeOf<TokenClassificationInput>().toEqualTypeOf<{
      inputs: string;
      parameters?:
        | {
            ignoreLabels?: string[] | undefined;
            stride?: number | undefined;
            aggregationStrategy?: 'none' | 'simple' | 'first' | 'average' | 'max' | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<FillMaskInput>().toEqualTypeOf<{
      inputs: string;
      parameters?: { targets?: string[] | undefined; topK?: number | undefined } | undefined;
    }>();
    expectTypeOf<QuestionAnsweringInput>().toEqualTypeOf<{
      inputs: { question: string; context: string };
      parameters?:
        | {
            topK?: number | undefined;
            docStride?: number | undefined;
            maxAnswerLen?: number | undefined;
            maxSeqLen?: number | undefined;
            maxQuestionLen?: number | undefined;
            handleImpossibleAnswer?: boolean | undefined;
            alignToWords?: boolean | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<SummarizationInput>().toEqualTypeOf<{
      inputs: string;
      parameters?:
        | {
            cleanUpTokenizationSpaces?: boolean | undefined;
            truncation?: Truncation | undefined;
            generateParameters?: GenerateParameters | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<TranslationInput>().toEqualTypeOf<{
      inputs: string;
      parameters?:
        | {
            srcLang?: string | undefined;
            tgtLang?: string | undefined;
            cleanUpTokenizationSpaces?: boolean | undefined;
            truncation?: Truncation | undefined;
            generateParameters?: GenerateParameters | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<FeatureExtractionInput>().toEqualTypeOf<{
      inputs: string | string[];
      parameters?:
        | {
            normalize?: boolean | undefined;
            promptName?: string | undefined;
            truncate?: boolean | undefined;
            truncationDirection?: 'left' | 'right' | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<SentenceSimilarityInput>().toEqualTypeOf<{
      inputs: { sourceSentence: string; sentences: string[] };
    }>();
    expectTypeOf<TableQuestionAnsweringInput>().toEqualTypeOf<{
      inputs: { query: string; table: Table<string> };
      parameters?:
        | {
            padding?: 'do_not_pad' | 'longest' | 'max_length' | undefined;
            sequential?: boolean | undefined;
            truncation?: boolean | undefined;
          }
        | undefined;
    }>();
    expectTypeOf<TabularClassificationInput>().toEqualTypeOf<{ inputs: { data: Table<string | number | null> } }>();
    expectTypeOf<TabularRegressionInput>().toEqualTypeOf<TabularClassificationInput>();
    expectTypeOf<TextGenerationStreamInput>().toEqualTypeOf<TextGenerationInput>();
    expectTypeOf<NonNullable<TextGenerationInput['parameters']>>().toEqualTypeOf<{
      adapterId?: string | undefined;
      bestOf?: number | undefined;
      decoderInputDetails?: boolean | undefined;
      details?: boolean | undefined;
      doSample?: boolean | undefined;
      frequencyPenalty?: number | undefined;
      grammar?:
        | { type: 'json'; value: string | Record<string, unknown> }
        | { type: 'regex'; value: string }
        | { type: 'json_schema'; value: { name?: string | undefined; schema: Record<string, unknown> } }
        | undefined;
      maxNewTokens?: number | undefined;
      repetitionPenalty?: number | undefined;
      returnFullText?: boolean | undefined;
      seed?: number | undefined;
      stop?: string[] | undefined;
      temperature?: number | undefined;
      topK?: number | undefined;
      topNTokens?: number | undefined;
      topP?: number | undefined;
      truncate?: number | undefined;
      typicalP?: number | undefined;
      watermark?: boolean | undefined;
    }>();
  });

  it('functions take their input plus request options', () => {
    expectTypeOf(textClassification).parameter(0).toEqualTypeOf<TextClassificationInput & RequestOptions>();
    expectTypeOf(textGenerationStream).parameter(0).toEqualTypeOf<TextGenerationInput & RequestOptions>();
    expectTypeOf(sentenceSimilarity).parameter(0).toHaveProperty('signal');
  });

  it('rejects wrong inputs at compile time', () => {
    // @ts-expect-error a pair needs textPair
    void textClassification({ inputs: { text: 'a' } });
    // @ts-expect-error parameters are camelCase
    void tokenClassification({ inputs: 'x', parameters: { aggregation_strategy: 'simple' } });
    // @ts-expect-error the direction is lowercase
    void featureExtraction({ inputs: 'x', parameters: { truncationDirection: 'Left' } });
    // @ts-expect-error table cells are strings
    void tableQuestionAnswering({ inputs: { query: 'q', table: { a: [1] } } });
    // @ts-expect-error the tabular tasks take no parameters
    void tabularRegression({ inputs: { data: { a: [1] } }, parameters: {} });
    // @ts-expect-error sentence similarity takes an object
    void sentenceSimilarity({ inputs: 'x' });
    // @ts-expect-error generateParameters are camelCase too
    void summarization({ inputs: 'x', parameters: { generateParameters: { max_length: 3 } } });
    // @ts-expect-error the known settings keep their types
    void summarization({ inputs: 'x', parameters: { generateParameters: { maxLength: '3' } } });
    // Any other keyword of generate(), in camelCase.
    void summarization({
      inputs: 'x',
      parameters: { generateParameters: { repetitionPenalty: 1.2, noRepeatNgramSize: 3 } },
    });
    // @ts-expect-error unknown grammar type
    void textGeneration({ inputs: 'x', parameters: { grammar: { type: 'xml', value: '' } } });
  });
});

describe('NLP task output types', () => {
  it('pin every normalised output', () => {
    expectTypeOf<TextClassificationOutput>().toEqualTypeOf<{ label: string; score: number }[]>();
    expectTypeOf<TokenClassificationOutput>().toEqualTypeOf<TokenClassificationEntity[]>();
    expectTypeOf<TokenClassificationEntity>().toEqualTypeOf<{
      entityGroup?: string;
      entity?: string;
      index?: number;
      score: number;
      word: string;
      start?: number;
      end?: number;
    }>();
    expectTypeOf<FillMaskOutput>().toEqualTypeOf<
      { sequence: string; score: number; token: number; tokenStr: string }[]
    >();
    expectTypeOf<QuestionAnsweringOutput>().toEqualTypeOf<
      { answer: string; score: number; start: number; end: number }[]
    >();
    expectTypeOf<SummarizationOutput>().toEqualTypeOf<{ summaryText: string }>();
    expectTypeOf<TranslationOutput>().toEqualTypeOf<{ translationText: string }>();
    expectTypeOf<FeatureExtractionOutput>().toEqualTypeOf<number[] | number[][] | number[][][]>();
    expectTypeOf<SentenceSimilarityOutput>().toEqualTypeOf<number[]>();
    expectTypeOf<TableQuestionAnsweringOutput>().toEqualTypeOf<{
      answer: string;
      coordinates: [number, number][];
      cells: string[];
      aggregator?: string | undefined;
    }>();
    expectTypeOf<TabularClassificationOutput>().toEqualTypeOf<string[]>();
    expectTypeOf<TabularRegressionOutput>().toEqualTypeOf<number[]>();
    expectTypeOf<TextGenerationOutput>().toEqualTypeOf<{ generatedText: string; details?: TextGenerationDetails }>();
    expectTypeOf<TextGenerationToken>().toEqualTypeOf<{
      id: number;
      text: string;
      logprob: number | null;
      special: boolean;
    }>();
    expectTypeOf<TextGenerationStreamOutput>().toEqualTypeOf<{
      index?: number;
      token: TextGenerationToken;
      topTokens?: TextGenerationToken[];
      generatedText: string | null;
      details: TextGenerationStreamDetails | null;
    }>();
  });

  it('functions resolve to their output; the stream yields typed chunks', () => {
    expectTypeOf(textClassification).returns.resolves.toEqualTypeOf<TextClassificationOutput>();
    expectTypeOf(tokenClassification).returns.resolves.toEqualTypeOf<TokenClassificationOutput>();
    expectTypeOf(fillMask).returns.resolves.toEqualTypeOf<FillMaskOutput>();
    expectTypeOf(questionAnswering).returns.resolves.toEqualTypeOf<QuestionAnsweringOutput>();
    expectTypeOf(summarization).returns.resolves.toEqualTypeOf<SummarizationOutput>();
    expectTypeOf(translation).returns.resolves.toEqualTypeOf<TranslationOutput>();
    expectTypeOf(featureExtraction).returns.resolves.toEqualTypeOf<FeatureExtractionOutput>();
    expectTypeOf(sentenceSimilarity).returns.resolves.toEqualTypeOf<SentenceSimilarityOutput>();
    expectTypeOf(tableQuestionAnswering).returns.resolves.toEqualTypeOf<TableQuestionAnsweringOutput>();
    expectTypeOf(tabularClassification).returns.resolves.toEqualTypeOf<TabularClassificationOutput>();
    expectTypeOf(tabularRegression).returns.resolves.toEqualTypeOf<TabularRegressionOutput>();
    expectTypeOf(textGeneration).returns.resolves.toEqualTypeOf<TextGenerationOutput>();
    expectTypeOf(textGenerationStream).returns.toEqualTypeOf<
      AsyncGenerator<TextGenerationStreamOutput, void, undefined>
    >();
  });
});
