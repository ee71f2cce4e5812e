import { describe, expectTypeOf, it } from 'vitest';
import { summarization, textGenerationStream, zeroShotClassification, type TaskName, type TaskTable } from '../index';

describe('task definitions keep their literal name and kind', () => {
  it('types each definition by its own name and kind', () => {
    expectTypeOf(zeroShotClassification.definition.name).toEqualTypeOf<'zeroShotClassification'>();
    expectTypeOf(zeroShotClassification.definition.kind).toEqualTypeOf<'query'>();
    expectTypeOf(summarization.definition.kind).toEqualTypeOf<'mutation'>();
    expectTypeOf(textGenerationStream.definition.kind).toEqualTypeOf<'stream'>();
  });

  it('names every row of the table after its definition, with a single kind', () => {
    type Misnamed = {
      [TName in TaskName]: TaskTable[TName]['definition']['name'] extends TName ? never : TName;
    }[TaskName];
    type Unkinded = {
      [TName in TaskName]: [TaskTable[TName]['definition']['kind']] extends ['query'] | ['mutation'] | ['stream']
        ? never
        : TName;
    }[TaskName];
    expectTypeOf<Misnamed>().toBeNever();
    expectTypeOf<Unkinded>().toBeNever();
  });
});
