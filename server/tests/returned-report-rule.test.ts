/**
 * The one rule for a returned report (issue 13 item 11, stated under the overview's charts): the
 * figures count submitted, city-approved and accepted reports only, so a returned Q4 report's unit
 * shows its Q3 figures until it resubmits; the 已报送 card counts timeliness, fixed by the first
 * submission, so it still counts the unit as reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { fullCountyValues } from '../../tests/helpers/values';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const KEY = { unitCode: '330108', periodCode: '2018Q4' };

describe('a returned Q4 report (滨江区: Q3 reported 255 of 330 shantytown units)', () => {
  it('submitted: charts show Q4 figures; returned: charts fall back to Q3 while the card still counts it reported; resubmitted: Q4 again', async () => {
    const county = await s.login('330108');
    const city = await s.login('330100');
    const overview = async () => {
      const o = await county.client.dashboard.overview.query({ year: 2018, periodCode: '2018Q4' });
      return { completed: o.shantytown.completed, planned: o.shantytown.planned, submitted: o.kpis.submitted, late: o.kpis.late };
    };
    expect(await overview()).toEqual({ completed: 255, planned: 330, submitted: 0, late: 0 });

    const sub = await county.client.reports.submit.mutate({ ...KEY, revision: 0, values: fullCountyValues({ 'HS-01': { numerator: 300, denominator: 330 } }) });
    expect(await overview()).toEqual({ completed: 300, planned: 330, submitted: 1, late: 1 });

    await city.client.reviews.return.mutate({ reportId: sub.reportId, revision: sub.revision, reason: '请核实棚改完成数' });
    expect(await overview()).toEqual({ completed: 255, planned: 330, submitted: 1, late: 1 });

    const form = await county.client.reports.get.query(KEY);
    await county.client.reports.submit.mutate({ ...KEY, revision: form.report!.revision, values: fullCountyValues({ 'HS-01': { numerator: 298, denominator: 330 } }) });
    expect(await overview()).toEqual({ completed: 298, planned: 330, submitted: 1, late: 1 });
  });
});
