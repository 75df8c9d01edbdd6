"""Reference passages: what ordinary files say, on subjects the probe questions do not ask about.

A space too small for its own background (``background.py``) gets one from these instead: the
probes' best matches among them are how close unrelated questions come to a file collection, on
the embedding model's own scale. The same twelve subjects in English and Korean (the probes'
languages); a space's mix of the two follows its own passages, because a model reads texts of its
language closer together (MiniLM puts Korean texts near each other whatever they say).
"""

from __future__ import annotations

__all__ = ["REFERENCE_PASSAGES"]

REFERENCE_PASSAGES: dict[str, tuple[str, ...]] = {
    "en": (
        (
            "Minutes of the project meeting, 14 March. Present: the design, finance and "
            "operations leads. The supplier confirmed delivery of the second batch for the end of "
            "the month. Action items: update the budget sheet, circulate the revised timeline, "
            "and schedule a review with the client before the next milestone."
        ),
        (
            "The tenant shall pay the monthly rent in advance on the first day of each month. The "
            "security deposit equal to two months' rent will be returned within thirty days after "
            "the end of the lease, less any amounts needed to repair damage beyond normal wear "
            "and tear."
        ),
        (
            "Invoice 2041. Payment terms: net 30 days from the invoice date. Late payments accrue "
            "interest at 1.5 percent per month. Please quote the invoice number on your bank "
            "transfer and send remittance advice to the accounts receivable department."
        ),
        (
            "Release notes, version 3.2: the import dialog now remembers the last folder, memory "
            "use during export was reduced, and a crash when opening files with very long names "
            "was fixed. The configuration file format is unchanged; no migration is needed."
        ),
        (
            "Employees may carry over up to five days of unused annual leave into the next "
            "calendar year. Requests for leave longer than two weeks must be approved by the "
            "department head at least one month in advance."
        ),
        (
            "The sample was heated to 80 degrees Celsius for twenty minutes and then cooled at "
            "room temperature. Absorbance was measured at 450 nanometres in triplicate; the mean "
            "of the three readings was used for the calibration curve."
        ),
        (
            "To file the annual tax return, gather the income statements from all employers, the "
            "receipts for deductible expenses and last year's assessment. Self-employed persons "
            "must also attach the profit and loss statement for the fiscal year."
        ),
        (
            "The insurance policy covers damage caused by fire, storm and burst pipes. Claims "
            "must be reported within seven days and accompanied by photographs and an estimate of "
            "the repair costs. The deductible is 300 euros per claim."
        ),
        (
            "Lecture 4: Newton's second law states that the net force on a body equals its mass "
            "times its acceleration. In the examples, friction is neglected and the acceleration "
            "due to gravity is taken as 9.81 metres per second squared."
        ),
        (
            "The quarterly sales report shows revenue up eight percent compared with the same "
            "quarter last year, driven by the northern region. Operating costs rose with the new "
            "warehouse lease; the margin remained stable at twelve percent."
        ),
        (
            "Install the package with the system's package manager, then edit the configuration "
            "file to set the server address and port. Restart the service and check its log file "
            "for errors before connecting any clients."
        ),
        (
            "The treaty ended a long conflict between the two kingdoms and fixed the border along "
            "the river. Historians still debate whether its harsh terms contributed to the unrest "
            "that followed in the next decade."
        ),
    ),
    "ko": (
        (
            "3월 14일 프로젝트 회의록. 참석: 디자인, 재무, 운영 담당자. 공급업체는 두 번째 물량을 "
            "이달 말까지 납품하기로 확인했습니다. 후속 조치: 예산표 갱신, 수정된 일정 공유, 다음 "
            "단계 전에 고객과 검토 회의 잡기."
        ),
        (
            "임차인은 매월 1일에 월세를 선불로 지급한다. 두 달 치 월세에 해당하는 보증금은 계약 "
            "종료 후 30일 이내에 반환하며, 통상적인 마모를 넘는 손상의 수리비는 공제할 수 있다."
        ),
        (
            "청구서 2041번. 지급 조건: 청구일로부터 30일 이내. 연체 시 월 1.5%의 이자가 "
            "부과됩니다. 계좌 이체 시 청구서 번호를 기재하시고 송금 내역을 회계팀으로 보내 "
            "주십시오."
        ),
        (
            "버전 3.2 변경 사항: 가져오기 창이 마지막으로 연 폴더를 기억하고, 내보내기 중 메모리 "
            "사용량이 줄었으며, 이름이 아주 긴 파일을 열 때 생기던 오류가 고쳐졌습니다. 설정 파일 "
            "형식은 바뀌지 않았습니다."
        ),
        (
            "직원은 사용하지 않은 연차를 최대 5일까지 다음 해로 이월할 수 있다. 2주를 넘는 휴가는 "
            "최소 한 달 전에 부서장의 승인을 받아야 한다."
        ),
        (
            "시료를 섭씨 80도에서 20분간 가열한 뒤 실온에서 식혔다. 흡광도는 450나노미터에서 세 "
            "번 측정했으며, 세 값의 평균을 검량선에 사용했다."
        ),
        (
            "연말정산을 하려면 모든 근무지의 소득 자료, 공제 대상 지출의 영수증, 지난해 결정 "
            "내역을 준비해야 한다. 개인 사업자는 해당 사업연도의 손익계산서도 함께 제출해야 한다."
        ),
        (
            "이 보험은 화재, 태풍, 배관 파열로 인한 손해를 보장합니다. 사고는 7일 이내에 신고해야 "
            "하며 사진과 수리비 견적서를 첨부해야 합니다. 자기부담금은 건당 30만 원입니다."
        ),
        (
            "4강: 뉴턴의 제2법칙에 따르면 물체에 작용하는 알짜힘은 질량과 가속도의 곱과 같다. "
            "예제에서는 마찰을 무시하고 중력 가속도를 초당 9.81미터 제곱으로 둔다."
        ),
        (
            "분기 매출 보고서에 따르면 매출은 전년 동기 대비 8% 증가했으며 북부 지역이 성장을 "
            "이끌었다. 새 물류 창고 임대로 운영비가 늘었지만 이익률은 12%로 유지되었다."
        ),
        (
            "시스템 패키지 관리자로 패키지를 설치한 다음 설정 파일에서 서버 주소와 포트를 "
            "지정합니다. 서비스를 다시 시작하고 클라이언트를 연결하기 전에 로그 파일에 오류가 "
            "없는지 확인합니다."
        ),
        (
            "이 조약으로 두 왕국 사이의 오랜 전쟁이 끝났고 국경은 강을 따라 정해졌다. 가혹한 "
            "조건이 이후 십 년 동안 이어진 혼란의 원인이 되었는지는 지금도 역사학자들 사이에서 "
            "논쟁거리이다."
        ),
    ),
}
