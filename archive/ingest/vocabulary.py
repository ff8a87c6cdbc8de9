"""Words of union work that jieba's general dictionary lacks or splits.

The importer uses them to tell a column break inside a word (疗|休养) from a paragraph end;
search can teach them to its own segmenter.
"""
from __future__ import annotations

DOMAIN_TERMS: tuple[str, ...] = (
    "疗休养", "职工疗休养", "职工之家", "模范职工之家", "工会主席", "工会干部", "工会会员",
    "五一劳动奖章", "五一劳动奖状", "工人先锋号", "劳模", "劳模工匠", "劳模创新工作室",
    "工匠精神", "产业工人", "农民工", "困难职工", "职工书屋", "职代会", "职工代表大会",
    "工资集体协商", "集体合同", "劳动竞赛", "技能比武", "娘家人", "普惠服务", "会员普惠",
    "总工会", "市总工会", "县总工会", "区总工会", "联合工会", "产业工会", "基层工会",
    "职工服务中心", "劳动关系", "劳动争议", "法律援助", "户外劳动者", "爱心驿站",
)
DOMAIN_TERM_FREQUENCY = 2000
