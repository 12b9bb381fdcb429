import { describe, expect, it } from 'vitest';
import { checkWechatValue, fitWechatValue, formatWechatTime, wechatFieldType } from './wechat-fields.js';

describe('WeChat category-template field rules', () => {
  it('takes the type from the key prefix', () => {
    expect(wechatFieldType('character_string12')).toBe('character_string');
    expect(wechatFieldType('thing2')).toBe('thing');
    expect(wechatFieldType('keyword1')).toBe('keyword');
    expect(wechatFieldType('first')).toBeNull();
    expect(wechatFieldType('widget3')).toBeNull();
  });

  it('checks each type as WeChat documents it', () => {
    expect(checkWechatValue('thing', '空调不制冷维修')).toBeNull();
    expect(checkWechatValue('thing', 'x'.repeat(21))).toEqual({ code: 'wechat_field_too_long', max: 20 });
    expect(checkWechatValue('character_string', 'WO-20250315-0042')).toBeNull();
    expect(checkWechatValue('character_string', '工单42')).toEqual({
      code: 'wechat_field_format',
      type: 'character_string',
    });
    expect(checkWechatValue('character_string', 'A'.repeat(33))).toEqual({ code: 'wechat_field_too_long', max: 32 });
    expect(checkWechatValue('phrase', '配送中')).toBeNull();
    expect(checkWechatValue('phrase', 'done')).toMatchObject({ code: 'wechat_field_format' });
    expect(checkWechatValue('phrase', '空调不制冷维')).toEqual({ code: 'wechat_field_too_long', max: 5 });
    for (const ok of ['15:01', '2019年10月1日 15:01', '2025-03-15 14:30', '2025/03/15 14:30:05', '10:00~12:00'])
      expect(checkWechatValue('time', ok), ok).toBeNull();
    for (const bad of ['15 Mar 2025, 14:30', '2025-03-15', 'soon'])
      expect(checkWechatValue('time', bad), bad).toMatchObject({ code: 'wechat_field_format' });
    expect(checkWechatValue('date', '2025-03-15')).toBeNull();
    expect(checkWechatValue('number', '10')).toBeNull();
    expect(checkWechatValue('number', '10 min')).toMatchObject({ code: 'wechat_field_format' });
    expect(checkWechatValue('amount', '¥128.50')).toBeNull();
    expect(checkWechatValue('amount', '128元')).toBeNull();
    expect(checkWechatValue('phone_number', '+86-0766-66888866')).toBeNull();
    expect(checkWechatValue('car_number', '粤A8Z888挂')).toBeNull();
    expect(checkWechatValue('name', '王先生')).toBeNull();
    expect(checkWechatValue('name', '欧阳'.repeat(6))).toEqual({ code: 'wechat_field_too_long', max: 10 });
    expect(checkWechatValue('name', 'Li Wei')).toBeNull();
    expect(checkWechatValue('thing', '')).toEqual({ code: 'wechat_field_empty' });
  });

  it('cuts thing and keyword values with an ellipsis, never a character_string', () => {
    expect(fitWechatValue('thing', '一二三四五六七八九十一二三四五六七八九十一')).toBe(
      '一二三四五六七八九十一二三四五六七八九…',
    );
    expect(fitWechatValue('keyword', 'a\nb')).toBe('a b');
    expect(fitWechatValue('character_string', 'A'.repeat(40))).toBe('A'.repeat(40));
  });

  it('formats a WeChat time in the organisation time zone', () => {
    expect(formatWechatTime(new Date('2025-03-15T06:30:00Z'), 'Asia/Shanghai')).toBe('2025-03-15 14:30');
    expect(formatWechatTime(new Date('2025-03-15T16:05:00Z'), 'Asia/Shanghai')).toBe('2025-03-16 00:05');
  });
});
