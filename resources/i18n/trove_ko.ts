<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>App</name>
    <message>
        <source>Repair keeps your folders, their settings and your conversations, and rebuilds the rest from your files and the vectors already computed. The damaged file is kept beside the new one.</source>
        <translation>복구하면 폴더와 폴더 설정, 대화는 그대로 두고 나머지는 파일과 이미 계산된 벡터로 다시 만듭니다. 손상된 파일은 새 파일 옆에 보관됩니다.</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>Another Trove process (probably `trove watch` in a terminal) is using your index. Stop it, then open Trove again.</source>
        <translation>다른 Trove 프로세스(터미널에서 실행 중인 `trove watch`일 수 있음)가 색인을 사용하고 있습니다. 해당 프로세스를 중지한 다음 Trove를 다시 여세요.</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Also retrieved</source>
        <translation>함께 검색된 자료</translation>
    </message>
    <message>
        <source>Stopped: the answer is incomplete.</source>
        <translation>중지됨: 답변이 완성되지 않았습니다.</translation>
    </message>
    <message>
        <source>The answer is incomplete.</source>
        <translation>답변이 완성되지 않았습니다.</translation>
    </message>
    <message>
        <source>The answer could not be finished.</source>
        <translation>답변을 끝까지 작성하지 못했습니다.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>대화 목록</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>New conversation (Ctrl+N)</source>
        <translation>새 대화 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Rename (F2)</source>
        <translation>이름 바꾸기 (F2)</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <source>Delete (Del)</source>
        <translation>삭제 (Del)</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation>Markdown으로 내보내기</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <source>Ask about</source>
        <translation>질문 대상</translation>
    </message>
    <message>
        <source>Ask about:</source>
        <translation>질문 대상:</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Ask about your files (Enter sends, Shift+Enter for a new line)</source>
        <translation>파일에 대해 질문하세요 (Enter: 보내기, Shift+Enter: 줄 바꿈)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>답변 중지 (Esc)</translation>
    </message>
    <message>
        <source>Delete the conversation “{title}”? This cannot be undone.</source>
        <translation>“{title}” 대화를 삭제하시겠습니까? 이 작업은 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The conversation could not be saved to this file.</source>
        <translation>대화를 이 파일에 저장하지 못했습니다.</translation>
    </message>
    <message>
        <source>Choose a folder you can write to.</source>
        <translation>쓰기 권한이 있는 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Saved the conversation to {path}.</source>
        <translation>대화를 {path}에 저장했습니다.</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>Choose files…</source>
        <translation>파일 선택…</translation>
    </message>
    <message>
        <source>Choose files to ask about</source>
        <translation>질문할 파일 선택</translation>
    </message>
    <message>
        <source>Finishing the stopped answer…</source>
        <translation>중지된 답변을 마무리하는 중…</translation>
    </message>
    <message>
        <source>Searching your files…</source>
        <translation>파일을 검색하는 중…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지되었습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Writing the answer from %n passage(s)…</source>
        <translation>
            <numerusform>구절 %n개를 바탕으로 답변을 작성하는 중…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading files: {done} of {total}</source>
        <translation>파일 읽는 중: {total}개 중 {done}개</translation>
    </message>
    <message>
        <source>The sources appear when the answer is complete.</source>
        <translation>답변이 완성되면 출처가 표시됩니다.</translation>
    </message>
    <message>
        <source>Source [{number}] is not available.</source>
        <translation>출처 [{number}]을(를) 사용할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Checking the services</source>
        <translation>서비스 확인</translation>
    </message>
    <message>
        <source>Trove sends a small test request to each service.</source>
        <translation>Trove가 각 서비스에 작은 테스트 요청을 보냅니다.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>다시 확인</translation>
    </message>
    <message>
        <source>Checking… this can take a few seconds.</source>
        <translation>확인 중… 몇 초 정도 걸릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Some checks failed; see what to do above. You can finish now and fix this later in Settings, but search and chat need working services.</source>
        <translation>일부 확인에 실패했습니다. 위의 해결 방법을 참고하세요. 지금 마치고 나중에 설정에서 고칠 수도 있지만, 검색과 대화를 사용하려면 서비스가 작동해야 합니다.</translation>
    </message>
    <message>
        <source>The services work; see the warnings above.</source>
        <translation>서비스가 작동합니다. 위의 경고를 확인하세요.</translation>
    </message>
    <message>
        <source>Everything works.</source>
        <translation>모두 정상적으로 작동합니다.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <source>Use other service URLs (advanced)</source>
        <translation>다른 서비스 URL 사용 (고급)</translation>
    </message>
    <message>
        <source>Use the same URL for all three services</source>
        <translation>세 서비스 모두 같은 URL 사용</translation>
    </message>
    <message>
        <source>Your NVIDIA API key</source>
        <translation>NVIDIA API 키</translation>
    </message>
    <message>
        <source>Get a key at build.nvidia.com. It is saved in your system&apos;s keyring, never in Trove&apos;s settings file.</source>
        <translation>build.nvidia.com에서 키를 발급받으세요. 키는 시스템 키링에 저장되며 Trove 설정 파일에는 저장되지 않습니다.</translation>
    </message>
    <message>
        <source>Your NIM servers</source>
        <translation>NIM 서버</translation>
    </message>
    <message>
        <source>Enter the base URL of each NIM (ending in /v1). One server may serve all three.</source>
        <translation>각 NIM의 기본 URL(/v1로 끝남)을 입력하세요. 서버 하나가 세 서비스를 모두 제공할 수도 있습니다.</translation>
    </message>
    <message>
        <source>API key (optional)</source>
        <translation>API 키 (선택 사항)</translation>
    </message>
    <message>
        <source>The environment variable {name} is set: its key is used and overrides a key saved here.</source>
        <translation>환경 변수 {name}이(가) 설정되어 있습니다. 이 변수의 키가 사용되며 여기에 저장한 키보다 우선합니다.</translation>
    </message>
    <message>
        <source>A key is already saved in the keyring. Leave the field empty to keep it.</source>
        <translation>키링에 이미 키가 저장되어 있습니다. 그대로 사용하려면 입력란을 비워 두세요.</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so Trove cannot save the key. Set it in the environment instead, e.g. {name}=nvapi-… in your session&apos;s startup file, then restart Trove.</source>
        <translation>사용할 수 있는 시스템 키링이 없어 Trove가 키를 저장할 수 없습니다. 대신 세션 시작 파일에 {name}=nvapi-…와 같이 환경 변수로 설정한 다음 Trove를 다시 시작하세요.</translation>
    </message>
    <message>
        <source>Enter your API key to use the NVIDIA API catalog.</source>
        <translation>NVIDIA API 카탈로그를 사용하려면 API 키를 입력하세요.</translation>
    </message>
    <message>
        <source>Saving the key in the keyring…</source>
        <translation>키링에 키를 저장하는 중…</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Trove hit a bug</source>
        <translation>Trove에 오류가 발생했습니다</translation>
    </message>
    <message>
        <source>Something went wrong inside Trove. Your index and settings are safe; the current action did not finish.</source>
        <translation>Trove 내부에서 문제가 발생했습니다. 색인과 설정은 안전하지만 현재 작업은 완료되지 않았습니다.</translation>
    </message>
    <message>
        <source>Details were saved to {path}. Please include them in a report.</source>
        <translation>자세한 내용이 {path}에 저장되었습니다. 오류를 보고할 때 함께 첨부해 주세요.</translation>
    </message>
</context>
<context>
    <name>Doctor</name>
    <message>
        <source>Keyring</source>
        <translation>키링</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Reranking</source>
        <translation>재순위화</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
</context>
<context>
    <name>ExclusionsDialog</name>
    <message>
        <source>Exclusions</source>
        <translation>제외 항목</translation>
    </message>
    <message>
        <source>Files and folders in {folder} that match these patterns are not indexed, one pattern per line (for example: *.log, drafts/, **/node_modules).</source>
        <translation>{folder}에서 다음 패턴과 일치하는 파일과 폴더는 색인하지 않습니다. 한 줄에 패턴 하나씩 입력하세요(예: *.log, drafts/, **/node_modules).</translation>
    </message>
    <message>
        <source>Links are followed only inside the folder: a link that leads outside it, or to a credential file such as .env or an SSH key, is skipped.</source>
        <translation>링크는 폴더 안에서만 따라갑니다. 폴더 밖으로 이어지거나 .env, SSH 키 같은 인증 정보 파일로 이어지는 링크는 건너뜁니다.</translation>
    </message>
</context>
<context>
    <name>FoldersPage</name>
    <message>
        <source>Folders</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Choose the folders Trove should search. Trove keeps them up to date as files change. You can skip this and add folders later.</source>
        <translation>Trove에서 검색할 폴더를 선택하세요. 파일이 바뀌면 Trove가 자동으로 최신 상태를 유지합니다. 이 단계를 건너뛰고 나중에 폴더를 추가해도 됩니다.</translation>
    </message>
    <message>
        <source>Chosen folders</source>
        <translation>선택한 폴더</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Choose a folder to search</source>
        <translation>검색할 폴더 선택</translation>
    </message>
</context>
<context>
    <name>FoldersView</name>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>파일 수</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Indexed folders</source>
        <translation>색인된 폴더</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Exclusions…</source>
        <translation>제외 항목…</translation>
    </message>
    <message>
        <source>Re-scan</source>
        <translation>다시 스캔</translation>
    </message>
    <message>
        <source>No folders yet. Add one, or drop a folder on this window.</source>
        <translation>아직 폴더가 없습니다. 폴더를 추가하거나 이 창에 폴더를 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>원인</translation>
    </message>
    <message>
        <source>Files that could not be indexed</source>
        <translation>색인하지 못한 파일</translation>
    </message>
    <message>
        <source>Retry failed files</source>
        <translation>실패한 파일 다시 시도</translation>
    </message>
    <message>
        <source>Indexing {done} of {total}</source>
        <translation>색인 중 ({total}개 중 {done}개)</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>색인 중</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>일시 중지됨</translation>
    </message>
    <message>
        <source>Folder not found (drive unplugged?)</source>
        <translation>폴더를 찾을 수 없음 (드라이브가 분리되었나요?)</translation>
    </message>
    <message>
        <source>Embedding, {count} passages waiting</source>
        <translation>임베딩 중, 구절 {count}개 대기 중</translation>
    </message>
    <message>
        <source>Excluded: {patterns}</source>
        <translation>제외: {patterns}</translation>
    </message>
    <message>
        <source>Files that could not be indexed: {count}</source>
        <translation>색인하지 못한 파일: {count}개</translation>
    </message>
    <message>
        <source>Add a folder to Trove</source>
        <translation>Trove에 폴더 추가</translation>
    </message>
    <message>
        <source>Added {path}. Trove indexes it in the background.</source>
        <translation>{path}을(를) 추가했습니다. Trove가 백그라운드에서 색인합니다.</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>폴더 제거</translation>
    </message>
    <message>
        <source>Stop indexing {path} and remove it from search? The files themselves are not touched.</source>
        <translation>{path}의 색인을 중지하고 검색 대상에서 제거하시겠습니까? 파일 자체는 변경되지 않습니다.</translation>
    </message>
    <message>
        <source>Indexed {indexed} files; {failed} failed.</source>
        <translation>파일 {indexed}개를 색인했습니다. {failed}개는 실패했습니다.</translation>
    </message>
    <message>
        <source>Cut at {count} passages: the rest of the file is not searchable.</source>
        <translation>{count}개 구절에서 잘렸습니다. 파일의 나머지 부분은 검색되지 않습니다.</translation>
    </message>
    <message>
        <source>Skipped: {why}</source>
        <translation>건너뜀: {why}</translation>
    </message>
</context>
<context>
    <name>GenerationPanel</name>
    <message>
        <source>Generation</source>
        <translation>생성 설정</translation>
    </message>
    <message>
        <source>Show generation settings</source>
        <translation>생성 설정 표시</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>빈도 페널티</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>존재 페널티</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>중지 시퀀스</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>none (comma-separated, or a JSON list)</source>
        <translation>없음 (쉼표로 구분하거나 JSON 목록)</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>기본값 복원</translation>
    </message>
    <message>
        <source>This value {problem}.</source>
        <translation>잘못된 값입니다: {problem}</translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation>설정을 저장하지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Views</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add folder…</source>
        <translation>폴더 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Find in files</source>
        <translation>파일에서 찾기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Indexing</source>
        <translation>색인(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Pause indexing</source>
        <translation>색인 일시 중지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Retry failed files</source>
        <translation>실패한 파일 다시 시도(&amp;R)</translation>
    </message>
    <message>
        <source>Check and &amp;repair the index</source>
        <translation>색인 검사 및 복구(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Trove</source>
        <translation>Trove 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Resume indexing</source>
        <translation>색인 재개</translation>
    </message>
    <message>
        <source>Pause indexing</source>
        <translation>색인 일시 중지</translation>
    </message>
    <message>
        <source>The embedding NIM is unreachable</source>
        <translation>임베딩 NIM에 연결할 수 없습니다</translation>
    </message>
    <message>
        <source>Keyword search still works; embedding resumes when it is back.</source>
        <translation>키워드 검색은 계속 사용할 수 있습니다. 연결이 복구되면 임베딩이 다시 시작됩니다.</translation>
    </message>
    <message>
        <source>Trove needs your attention</source>
        <translation>Trove에서 확인이 필요합니다</translation>
    </message>
    <message>
        <source>Repaired {n} vector spaces from the catalog.</source>
        <translation>카탈로그에서 벡터 공간 {n}개를 복구했습니다.</translation>
    </message>
    <message>
        <source>The index is healthy.</source>
        <translation>색인에 문제가 없습니다.</translation>
    </message>
    <message>
        <source>About Trove</source>
        <translation>Trove 정보</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trove {version}&lt;/b&gt;&lt;p&gt;Search and chat with your own files through NVIDIA NIM.&lt;/p&gt;&lt;p&gt;Your files stay on this computer; their text goes only to the NIM endpoints you configured.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Trove {version}&lt;/b&gt;&lt;p&gt;NVIDIA NIM으로 내 파일을 검색하고 파일에 대해 대화하세요.&lt;/p&gt;&lt;p&gt;파일은 이 컴퓨터에 그대로 있으며, 파일의 텍스트는 설정한 NIM 엔드포인트로만 전송됩니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Trove keeps indexing</source>
        <translation>Trove가 계속 색인합니다</translation>
    </message>
    <message>
        <source>Trove is still following your folders. Quit it from this icon.</source>
        <translation>Trove가 계속 폴더의 변경 사항을 추적합니다. 종료하려면 이 아이콘을 사용하세요.</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss message</source>
        <translation>메시지 닫기</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>Asking the service for its models…</source>
        <translation>서비스에 모델 목록을 조회하는 중…</translation>
    </message>
    <message>
        <source>No models listed.</source>
        <translation>제공되는 모델이 없습니다.</translation>
    </message>
    <message>
        <source>{problem} You can still type a model id.</source>
        <translation>{problem} 모델 ID를 직접 입력할 수도 있습니다.</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Trove asked each service which models it serves. Pick one, or type a model id.</source>
        <translation>Trove가 각 서비스에 제공하는 모델을 조회했습니다. 모델을 선택하거나 모델 ID를 입력하세요.</translation>
    </message>
    <message>
        <source>Reranking reorders search results with the reranking model: better, slower.</source>
        <translation>재순위화는 재순위화 모델로 검색 결과의 순서를 다시 정합니다. 결과는 더 좋아지지만 속도는 느려집니다.</translation>
    </message>
    <message>
        <source>Ask the services again</source>
        <translation>서비스에 다시 조회</translation>
    </message>
</context>
<context>
    <name>Options</name>
    <message>
        <source>NIM profile</source>
        <translation>NIM 프로필</translation>
    </message>
    <message>
        <source>Key environment variable</source>
        <translation>키 환경 변수</translation>
    </message>
    <message>
        <source>Embedding URL</source>
        <translation>임베딩 URL</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <source>Over-long input</source>
        <translation>너무 긴 입력</translation>
    </message>
    <message>
        <source>Vector size</source>
        <translation>벡터 크기</translation>
    </message>
    <message>
        <source>Texts per request</source>
        <translation>요청당 텍스트 수</translation>
    </message>
    <message>
        <source>Requests at once</source>
        <translation>동시 요청 수</translation>
    </message>
    <message>
        <source>Token limit per input</source>
        <translation>입력당 토큰 한도</translation>
    </message>
    <message>
        <source>Rerank search results</source>
        <translation>검색 결과 재순위화</translation>
    </message>
    <message>
        <source>Reranking URL</source>
        <translation>재순위화 URL</translation>
    </message>
    <message>
        <source>Reranking model</source>
        <translation>재순위화 모델</translation>
    </message>
    <message>
        <source>Over-long passages</source>
        <translation>너무 긴 구절</translation>
    </message>
    <message>
        <source>Candidates to rerank</source>
        <translation>재순위화할 후보 수</translation>
    </message>
    <message>
        <source>Chat URL</source>
        <translation>대화 URL</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>대화 모델</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Longest answer (tokens)</source>
        <translation>최대 답변 길이 (토큰)</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>빈도 페널티</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>존재 페널티</translation>
    </message>
    <message>
        <source>Stop sequences (one per line)</source>
        <translation>중지 시퀀스 (한 줄에 하나씩)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Context window (tokens)</source>
        <translation>컨텍스트 창 (토큰)</translation>
    </message>
    <message>
        <source>Answer language</source>
        <translation>답변 언어</translation>
    </message>
    <message>
        <source>Connect timeout (s)</source>
        <translation>연결 제한 시간 (초)</translation>
    </message>
    <message>
        <source>Read timeout (s)</source>
        <translation>읽기 제한 시간 (초)</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>재시도 횟수</translation>
    </message>
    <message>
        <source>Search and chat timeout (s)</source>
        <translation>검색·채팅 대기 시간(초)</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM file)</source>
        <translation>추가 CA 인증서 (PEM 파일)</translation>
    </message>
    <message>
        <source>Verify TLS certificates</source>
        <translation>TLS 인증서 확인</translation>
    </message>
    <message>
        <source>Send the key over plain HTTP to (one host per line)</source>
        <translation>일반 HTTP로 키를 보낼 호스트 (한 줄에 하나)</translation>
    </message>
    <message>
        <source>Vector store</source>
        <translation>벡터 저장소</translation>
    </message>
    <message>
        <source>Chroma server host</source>
        <translation>Chroma 서버 호스트</translation>
    </message>
    <message>
        <source>Chroma server port</source>
        <translation>Chroma 서버 포트</translation>
    </message>
    <message>
        <source>Use HTTPS for Chroma</source>
        <translation>Chroma에 HTTPS 사용</translation>
    </message>
    <message>
        <source>Chroma HTTP headers (JSON)</source>
        <translation>Chroma HTTP 헤더 (JSON)</translation>
    </message>
    <message>
        <source>Largest file (MB)</source>
        <translation>최대 파일 크기 (MB)</translation>
    </message>
    <message>
        <source>Passages kept per file</source>
        <translation>파일당 보관할 구절 수</translation>
    </message>
    <message>
        <source>Extraction time limit (s)</source>
        <translation>추출 시간 제한 (초)</translation>
    </message>
    <message>
        <source>Extraction memory cap (MB)</source>
        <translation>추출 메모리 한도 (MB)</translation>
    </message>
    <message>
        <source>Extraction workers</source>
        <translation>추출 작업자 수</translation>
    </message>
    <message>
        <source>Excluded patterns (one per line)</source>
        <translation>제외 패턴 (한 줄에 하나씩)</translation>
    </message>
    <message>
        <source>Search mode</source>
        <translation>검색 모드</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>결과 수</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Keep indexing in the tray when closed</source>
        <translation>창을 닫아도 트레이에서 계속 색인</translation>
    </message>
    <message>
        <source>NVIDIA API catalog (hosted)</source>
        <translation>NVIDIA API 카탈로그 (호스팅)</translation>
    </message>
    <message>
        <source>Local NIM (your own servers)</source>
        <translation>로컬 NIM (자체 서버)</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>키워드</translation>
    </message>
    <message>
        <source>Semantic</source>
        <translation>의미</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>하이브리드</translation>
    </message>
    <message>
        <source>Embedded (in the data folder)</source>
        <translation>내장 (데이터 폴더에 저장)</translation>
    </message>
    <message>
        <source>Chroma server</source>
        <translation>Chroma 서버</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>native</source>
        <translation>기본 크기</translation>
    </message>
    <message>
        <source>model&apos;s limit</source>
        <translation>모델 한도</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>from the NIM</source>
        <translation>NIM에서 가져오기</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>설정 안 함</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message numerus="yes">
        <source>%n passages</source>
        <translation>
            <numerusform>구절 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <source>Search your files…</source>
        <translation>파일 검색…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Search mode</source>
        <translation>검색 모드</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>하이브리드</translation>
    </message>
    <message>
        <source>Words and meaning together</source>
        <translation>단어와 의미를 함께 검색</translation>
    </message>
    <message>
        <source>Semantic</source>
        <translation>의미</translation>
    </message>
    <message>
        <source>By meaning, through the embedding NIM</source>
        <translation>임베딩 NIM을 통해 의미로 검색</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>키워드</translation>
    </message>
    <message>
        <source>Exact words only; works offline</source>
        <translation>정확한 단어만 검색, 오프라인에서도 작동</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>All folders</source>
        <translation>모든 폴더</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>파일 형식</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>모든 형식</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>Text and Markdown</source>
        <translation>텍스트 및 Markdown</translation>
    </message>
    <message>
        <source>Spreadsheets</source>
        <translation>스프레드시트</translation>
    </message>
    <message>
        <source>Presentations</source>
        <translation>프레젠테이션</translation>
    </message>
    <message>
        <source>Code and web pages</source>
        <translation>코드 및 웹 페이지</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>수정한 날짜</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <source>Past day</source>
        <translation>지난 1일</translation>
    </message>
    <message>
        <source>Past week</source>
        <translation>지난 1주</translation>
    </message>
    <message>
        <source>Past month</source>
        <translation>지난 1개월</translation>
    </message>
    <message>
        <source>Past year</source>
        <translation>지난 1년</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>검색 결과</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>구절</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open at page</source>
        <translation>해당 페이지 열기</translation>
    </message>
    <message>
        <source>Reveal in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>경로 복사</translation>
    </message>
    <message>
        <source>Could not open {path}.</source>
        <translation>{path}을(를) 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Check that an app for this kind of file is installed.</source>
        <translation>이 형식의 파일을 여는 앱이 설치되어 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>Could not show {path} in the file manager.</source>
        <translation>파일 관리자에서 {path}을(를) 표시할 수 없습니다.</translation>
    </message>
    <message>
        <source>Nothing indexed yet — &lt;a href=&quot;add-folder&quot;&gt;add a folder&lt;/a&gt;</source>
        <translation>아직 색인된 항목이 없습니다 — &lt;a href=&quot;add-folder&quot;&gt;폴더 추가&lt;/a&gt;</translation>
    </message>
    <message>
        <source>No results for “{query}”</source>
        <translation>“{query}”에 대한 결과가 없습니다</translation>
    </message>
    <message>
        <source>Try another mode or fewer filters.</source>
        <translation>다른 모드를 사용하거나 필터를 줄여 보세요.</translation>
    </message>
    <message>
        <source>Type to search your files</source>
        <translation>검색어를 입력하여 파일을 검색하세요</translation>
    </message>
    <message>
        <source>This passage is no longer in the index; the file changed.</source>
        <translation>파일이 변경되어 이 구절이 더 이상 색인에 없습니다.</translation>
    </message>
    <message>
        <source>Open at page {page}</source>
        <translation>{page}페이지 열기</translation>
    </message>
    <message>
        <source>Select a result to see the passage in context.</source>
        <translation>결과를 선택하면 해당 구절을 문맥과 함께 볼 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Embedding requests</source>
        <translation>임베딩 요청</translation>
    </message>
    <message>
        <source>Vector store</source>
        <translation>벡터 저장소</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>색인</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>A new language applies to the window when you press OK.</source>
        <translation>새 언어는 확인을 누르면 창에 적용됩니다.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>모양</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>기본값 복원</translation>
    </message>
    <message>
        <source>With the hosted profile, the text of your files is sent to NVIDIA&apos;s servers to be embedded, and your questions with the matching passages to be answered.</source>
        <translation>호스팅 프로필을 사용하면 임베딩을 위해 파일의 텍스트가 NVIDIA 서버로 전송되고, 답변을 위해 질문과 관련 구절도 전송됩니다.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Refresh model lists</source>
        <translation>모델 목록 새로 고침</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <source>New API key</source>
        <translation>새 API 키</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>새 키</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>키 저장</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>키 제거</translation>
    </message>
    <message>
        <source>The key is kept in your system&apos;s keyring; Save and Remove apply at once.</source>
        <translation>키는 시스템 키링에 보관됩니다. 저장과 제거는 즉시 적용됩니다.</translation>
    </message>
    <message>
        <source>The API key will be sent unencrypted to {hosts}: anyone who can watch that network can read and use it. Prefer an https:// URL.</source>
        <translation>API 키가 암호화되지 않은 채 {hosts}(으)로 전송됩니다. 그 네트워크를 볼 수 있는 누구나 키를 읽고 사용할 수 있습니다. 가능하면 https:// URL을 쓰세요.</translation>
    </message>
    <message>
        <source>Checking… this can take a few seconds.</source>
        <translation>확인 중… 몇 초 정도 걸릴 수 있습니다.</translation>
    </message>
    <message>
        <source>The key comes from the environment variable {name}, which overrides the keyring.</source>
        <translation>키를 환경 변수 {name}에서 가져옵니다. 이 값이 키링보다 우선합니다.</translation>
    </message>
    <message>
        <source>A key is saved in the keyring.</source>
        <translation>키링에 키가 저장되어 있습니다.</translation>
    </message>
    <message>
        <source>No key is saved. Local NIMs usually need none.</source>
        <translation>저장된 키가 없습니다. 로컬 NIM은 대개 키가 필요하지 않습니다.</translation>
    </message>
    <message>
        <source>Replace key</source>
        <translation>키 교체</translation>
    </message>
    <message>
        <source>Keyring: {backend}</source>
        <translation>키링: {backend}</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so Trove cannot save a key. Set it in the environment instead ({name}=nvapi-…) and restart Trove.</source>
        <translation>사용할 수 있는 시스템 키링이 없어 Trove가 키를 저장할 수 없습니다. 대신 환경 변수({name}=nvapi-…)로 설정하고 Trove를 다시 시작하세요.</translation>
    </message>
    <message>
        <source>NVIDIA API catalog keys start with nvapi-. Check that you copied the whole key.</source>
        <translation>NVIDIA API 카탈로그 키는 nvapi-로 시작합니다. 키 전체를 복사했는지 확인하세요.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>설정을 저장하지 못했습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up Trove</source>
        <translation>Trove 설정</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>설정을 저장하지 못했습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>SourcePanel</name>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Close the source</source>
        <translation>출처 닫기</translation>
    </message>
    <message>
        <source>Source passage</source>
        <translation>출처 구절</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open at location</source>
        <translation>해당 위치 열기</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>less than a minute left</source>
        <translation>1분 미만 남음</translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation>약 {n}분 남음</translation>
    </message>
    <message>
        <source>about {n} h left</source>
        <translation>약 {n}시간 남음</translation>
    </message>
    <message>
        <source>Looking for changes… {n} files checked</source>
        <translation>변경 사항 찾는 중… 파일 {n}개 확인함</translation>
    </message>
    <message>
        <source>Reading files</source>
        <translation>파일 읽는 중</translation>
    </message>
    <message>
        <source>Embedding passages</source>
        <translation>구절 임베딩 중</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation>{rate}/초</translation>
    </message>
    <message>
        <source>Embedding NIM unavailable since {time}: keyword search only</source>
        <translation>{time}부터 임베딩 NIM 사용 불가: 키워드 검색만 가능</translation>
    </message>
    <message>
        <source>Keyword only: {waiting} of {total} passages waiting for the embedding NIM</source>
        <translation>키워드 검색만: 구절 {total}개 중 {waiting}개가 임베딩 NIM을 기다리는 중</translation>
    </message>
    <message>
        <source>Nothing indexed yet</source>
        <translation>아직 색인된 항목 없음</translation>
    </message>
    <message>
        <source>Indexing paused</source>
        <translation>색인 일시 중지됨</translation>
    </message>
    <message>
        <source>Indexing paused: the disk is full; it goes on once there is room</source>
        <translation>색인 일시 중지: 디스크가 가득 찼습니다. 공간이 생기면 이어서 진행합니다</translation>
    </message>
    <message>
        <source>Looking for changes…</source>
        <translation>변경 사항 찾는 중…</translation>
    </message>
    <message>
        <source>Indexing, {n} files to go</source>
        <translation>색인 중, 파일 {n}개 남음</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>색인 중</translation>
    </message>
    <message>
        <source>Embedding, {n} passages to go</source>
        <translation>임베딩 중, 구절 {n}개 남음</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>임베딩 중</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>최신 상태</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Show Trove</source>
        <translation>Trove 표시</translation>
    </message>
    <message>
        <source>Pause indexing</source>
        <translation>색인 일시 중지</translation>
    </message>
    <message>
        <source>Quit Trove</source>
        <translation>Trove 종료</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Trove</source>
        <translation>Trove에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Trove searches and answers questions about your own files. It uses NVIDIA NIM models to understand text. Choose where those models run.</source>
        <translation>Trove는 내 파일을 검색하고 파일에 관한 질문에 답합니다. 텍스트를 이해하는 데 NVIDIA NIM 모델을 사용합니다. 모델을 실행할 위치를 선택하세요.</translation>
    </message>
    <message>
        <source>NVIDIA API catalog (hosted)</source>
        <translation>NVIDIA API 카탈로그 (호스팅)</translation>
    </message>
    <message>
        <source>Uses NVIDIA&apos;s servers with an API key from build.nvidia.com. The text of your files is sent to NVIDIA&apos;s servers to be embedded, and your questions and the matching passages are sent there to be answered.</source>
        <translation>build.nvidia.com에서 발급받은 API 키로 NVIDIA 서버를 사용합니다. 임베딩을 위해 파일의 텍스트가 NVIDIA 서버로 전송되고, 답변을 위해 질문과 관련 구절도 그곳으로 전송됩니다.</translation>
    </message>
    <message>
        <source>Local NIM (your own servers)</source>
        <translation>로컬 NIM (자체 서버)</translation>
    </message>
    <message>
        <source>Uses NIM containers you run yourself, on this computer or your network. The text of your files goes only to the servers you name.</source>
        <translation>이 컴퓨터나 네트워크에서 직접 실행하는 NIM 컨테이너를 사용합니다. 파일의 텍스트는 지정한 서버로만 전송됩니다.</translation>
    </message>
</context>
</TS>
