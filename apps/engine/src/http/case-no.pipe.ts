import { Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from './validation';

export const CASE_NO = /^[A-Z0-9]{1,16}-\d{8}-\d{5,}$/;

/** A case number in a path must look like one: anything else is a 400, never a store lookup. */
@Injectable()
export class CaseNoPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CASE_NO.test(value)) throw validationFailed([{ field: 'caseNo', reason: 'must look like SCJG-20260403-00001' }]);
    return value;
  }
}
