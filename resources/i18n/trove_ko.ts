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
        <source>Ask as a new conversation</source>
        <translation>새 대화로 묻기</translation>
    </message>
    <message>
        <source>Follow-up in “{title}”: Trove reads your question together with this conversation.</source>
        <translation>“{title}”의 후속 질문: Trove는 이 대화의 앞 내용과 함께 질문을 읽습니다.</translation>
    </message>
    <message>
        <source>Follow-up: Trove reads your question together with this conversation.</source>
        <translation>후속 질문: Trove는 이 대화의 앞 내용과 함께 질문을 읽습니다.</translation>
    </message>
    <message>
        <source>Searching your files for: {query}</source>
        <translation>파일에서 찾는 중: {query}</translation>
    </message>
    <message>
        <source>Nearest passages (none relevant enough to answer from)</source>
        <translation>가장 가까운 구절 (답할 만큼 관련된 구절 없음)</translation>
    </message>
    <message>
        <source>Citation {numbers} points to no source the answer was given.</source>
        <translation>인용 {numbers}은(는) 답변에 주어진 출처가 아닙니다.</translation>
    </message>
    <message>
        <source>Sentences not supported by what they cite</source>
        <translation>인용한 출처가 뒷받침하지 않는 문장</translation>
    </message>
    <message numerus="yes">
        <source>Writing the answer from %n passages…</source>
        <translation>
            <numerusform>구절 %n개로 답을 쓰는 중…</numerusform>
        </translation>
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
        <source>This sentence cites no source: nothing in your files backs it.</source>
        <translation>이 문장은 출처를 인용하지 않습니다. 파일의 어떤 내용도 이를 뒷받침하지 않습니다.</translation>
    </message>
    <message>
        <source>This sentence cites {numbers}, which is not one of the sources given.</source>
        <translation>이 문장은 {numbers}을(를) 인용하지만, 주어진 출처가 아닙니다.</translation>
    </message>
    <message>
        <source>Checked against {source}: the passage does not say {words}.</source>
        <translation>{source}와(과) 대조함: 구절에 {words}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Not checked against {source}: the check could not run.</source>
        <translation>{source}와(과) 대조하지 못했습니다. 확인을 실행할 수 없었습니다.</translation>
    </message>
    <message>
        <source>Checked against {source}: the passage says the opposite: “{quote}”</source>
        <translation>{source}와(과) 대조함: 구절은 그 반대를 말합니다: “{quote}”</translation>
    </message>
    <message>
        <source>the number {number}</source>
        <translation>숫자 {number}</translation>
    </message>
    <message>
        <source>Checked against {source}: {details} is not in the passage.</source>
        <translation>{source}와(과) 대조함: 구절에 {details}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Checked against {source}: {details} are not in the passage.</source>
        <translation>{source}와(과) 대조함: 구절에 {details}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>the reranker scores it {score:.2f}, below {threshold:.2f}</source>
        <translation>재순위 점수 {score:.2f}, 기준 {threshold:.2f} 미만</translation>
    </message>
    <message>
        <source>their similarity is {score:.2f}, below {threshold:.2f}</source>
        <translation>유사도 {score:.2f}, 기준 {threshold:.2f} 미만</translation>
    </message>
    <message>
        <source>it scores below the threshold</source>
        <translation>점수가 기준 미만입니다</translation>
    </message>
    <message>
        <source>Checked against {source}: the passage does not say this ({how}).</source>
        <translation>{source}와(과) 대조함: 구절에 이 내용이 없습니다 ({how}).</translation>
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
    <message>
        <source>Checking each sentence against its source…</source>
        <translation>각 문장을 출처와 대조하는 중…</translation>
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
        <source>Use the demo server</source>
        <translation>데모 서버 사용</translation>
    </message>
    <message>
        <source>No NVIDIA account or GPU? Try Trove with a simulated NIM on this computer.</source>
        <translation>NVIDIA 계정이나 GPU가 없나요? 이 컴퓨터에서 흉내 낸 NIM으로 Trove를 써 보세요.</translation>
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
        <source>Demo only: the simulated NIM finds passages by the words they share and answers by quoting one. Use it to try Trove, not for real questions.</source>
        <translation>데모 전용: 흉내 낸 NIM은 같은 단어로 구절을 찾고, 구절 하나를 인용해 답합니다. Trove를 써 보는 용도이며 실제 질문용이 아닙니다.</translation>
    </message>
    <message>
        <source>It runs while Trove is open; to use it after a restart, start it from Trove&apos;s source folder with: python -m tests.nimsim</source>
        <translation>Trove가 열려 있는 동안 실행됩니다. 다시 시작한 뒤에도 쓰려면 Trove 소스 폴더에서 다음 명령으로 시작하세요: python -m tests.nimsim</translation>
    </message>
    <message>
        <source>Start it from Trove&apos;s source folder with: python -m tests.nimsim — then continue.</source>
        <translation>Trove 소스 폴더에서 다음 명령으로 시작한 뒤 계속하세요: python -m tests.nimsim</translation>
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
    <name>Core</name>
    <message>
        <source>&apos;{0}&apos; contains no text.</source>
        <translation>&apos;{0}&apos;에 텍스트가 없습니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; could not be opened.</source>
        <translation>&apos;{0}&apos;을(를) 열 수 없습니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; could not be read ({1}).</source>
        <translation>&apos;{0}&apos;을(를) 읽을 수 없습니다({1}).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; could not be read as {1} ({2}).</source>
        <translation>&apos;{0}&apos;을(를) {1} 파일로 읽을 수 없습니다({2}).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is DRM-protected (encrypted), so Trove cannot read it.</source>
        <translation>&apos;{0}&apos;은(는) DRM으로 보호(암호화)되어 있어 Trove가 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is a folder, not a file.</source>
        <translation>&apos;{0}&apos;은(는) 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is damaged or is not a valid {1} file{2}.</source>
        <translation>&apos;{0}&apos;이(가) 손상되었거나 올바른 {1} 파일이 아닙니다{2}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is in the old binary Office format, which Trove cannot read.</source>
        <translation>&apos;{0}&apos;은(는) Trove가 읽을 수 없는 예전 바이너리 Office 형식입니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is nested too deeply to read (damaged or hostile file).</source>
        <translation>&apos;{0}&apos;은(는) 구조가 너무 깊게 중첩되어 읽을 수 없습니다(손상되었거나 악의적인 파일).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a regular file.</source>
        <translation>&apos;{0}&apos;은(는) 일반 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is too large to read within the memory limit.</source>
        <translation>&apos;{0}&apos;이(가) 너무 커서 메모리 한도 안에서 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is too small to hold text ({1}x{2} px); it was not read.</source>
        <translation>&apos;{0}&apos;은(는) 글자를 담기에 너무 작아({1}x{2} px) 읽지 않았습니다.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; looks like a binary file, not text ({1}).</source>
        <translation>&apos;{0}&apos;은(는) 텍스트가 아니라 바이너리 파일로 보입니다({1}).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; was moved or deleted before Trove could read it.</source>
        <translation>&apos;{0}&apos;이(가) Trove가 읽기 전에 이동되었거나 삭제되었습니다.</translation>
    </message>
    <message>
        <source>A NIM can take several minutes to load its model after it starts; Trove retries. `trove doctor` shows when it is ready.</source>
        <translation>NIM은 시작 후 모델을 불러오는 데 몇 분이 걸릴 수 있습니다. Trove가 다시 시도합니다. `trove doctor`로 준비되었는지 확인할 수 있습니다.</translation>
    </message>
    <message>
        <source>A text sent to the {0} NIM is longer than model{1} accepts.{2}</source>
        <translation>{0} NIM에 보낸 텍스트가 모델{1}이(가) 받을 수 있는 길이보다 깁니다.{2}</translation>
    </message>
    <message>
        <source>Another Trove process owns this data directory but cannot be reached.</source>
        <translation>다른 Trove 프로세스가 이 데이터 폴더를 사용 중이지만 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>Ask a question: the text is empty.</source>
        <translation>질문을 입력하세요. 내용이 비어 있습니다.</translation>
    </message>
    <message>
        <source>Ask again; if it keeps happening, check the NIM&apos;s logs.</source>
        <translation>다시 질문해 보세요. 계속 그러면 NIM의 로그를 확인하세요.</translation>
    </message>
    <message>
        <source>Ask again; if it keeps happening, check the network and the NIM&apos;s logs.</source>
        <translation>다시 질문해 보세요. 계속 그러면 네트워크와 NIM의 로그를 확인하세요.</translation>
    </message>
    <message>
        <source>Cannot list models: {0}</source>
        <translation>모델 목록을 가져올 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Cannot {0} the API key: no OS keyring.</source>
        <translation>API 키를 처리({0})할 수 없습니다: 시스템 키링이 없습니다.</translation>
    </message>
    <message>
        <source>Check its permissions.</source>
        <translation>권한을 확인하세요.</translation>
    </message>
    <message>
        <source>Check or regenerate your API key at build.nvidia.com and store it with `trove key set`, or set the NVIDIA_API_KEY environment variable.</source>
        <translation>build.nvidia.com에서 API 키를 확인하거나 새로 만든 뒤 `trove key set`으로 저장하거나, NVIDIA_API_KEY 환경 변수를 설정하세요.</translation>
    </message>
    <message>
        <source>Check that ocr.base_url and ocr.model point at an image OCR NIM.</source>
        <translation>ocr.base_url과 ocr.model이 이미지 OCR NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the NIM is running and that the base URL (host and port) is right; `trove doctor` tests the connection. Behind a proxy, add the NIM host to NO_PROXY.</source>
        <translation>NIM이 실행 중인지, 기본 URL(호스트와 포트)이 맞는지 확인하세요. `trove doctor`로 연결을 테스트할 수 있습니다. 프록시를 쓴다면 NIM 호스트를 NO_PROXY에 추가하세요.</translation>
    </message>
    <message>
        <source>Check that the base URL and model point at a chat NIM.</source>
        <translation>기본 URL과 모델이 대화 NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the base URL and model point at a reranking NIM.</source>
        <translation>기본 URL과 모델이 재순위화 NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the base URL and model point at an embedding NIM.</source>
        <translation>기본 URL과 모델이 임베딩 NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the base URL points at a NIM and not at a proxy or web page.</source>
        <translation>기본 URL이 프록시나 웹 페이지가 아니라 NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the base URL points at a NIM.</source>
        <translation>기본 URL이 NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that the server is running and that the Chroma server settings (chroma.host, chroma.port, chroma.ssl) are right. Keyword search keeps working meanwhile.</source>
        <translation>서버가 실행 중인지, Chroma 서버 설정(chroma.host, chroma.port, chroma.ssl)이 맞는지 확인하세요. 그동안 키워드 검색은 계속 됩니다.</translation>
    </message>
    <message>
        <source>Check that you can open it yourself; another program may be holding it.</source>
        <translation>직접 열 수 있는지 확인하세요. 다른 프로그램이 사용 중일 수 있습니다.</translation>
    </message>
    <message>
        <source>Check the authentication header in the Chroma server settings (chroma.headers).</source>
        <translation>Chroma 서버 설정의 인증 헤더(chroma.headers)를 확인하세요.</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions, or close the program using it; Trove will retry.</source>
        <translation>파일 권한을 확인하거나 파일을 사용 중인 프로그램을 닫으세요. Trove가 다시 시도합니다.</translation>
    </message>
    <message>
        <source>Check the model id against the NIM&apos;s model list (`trove doctor` shows /v1/models) and check that the base URL ends in /v1.</source>
        <translation>모델 ID를 NIM의 모델 목록과 비교하고(`trove doctor`가 /v1/models를 보여 줍니다), 기본 URL이 /v1로 끝나는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check the model settings (`trove doctor`); this request will not be retried.</source>
        <translation>모델 설정을 확인하세요(`trove doctor`). 이 요청은 다시 시도하지 않습니다.</translation>
    </message>
    <message>
        <source>Choose a current model (`trove doctor` lists what the NIM offers).</source>
        <translation>현재 제공되는 모델을 고르세요(`trove doctor`가 NIM이 제공하는 모델을 보여 줍니다).</translation>
    </message>
    <message>
        <source>Close the program that holds it, or check its permissions; Trove retries when it changes.</source>
        <translation>파일을 사용 중인 프로그램을 닫거나 권한을 확인하세요. 파일이 바뀌면 Trove가 다시 시도합니다.</translation>
    </message>
    <message>
        <source>Exclude this file type, or convert the file to a supported format.</source>
        <translation>이 파일 형식을 제외하거나, 파일을 지원되는 형식으로 변환하세요.</translation>
    </message>
    <message>
        <source>Fix or delete the file; Trove will not overwrite it on its own.</source>
        <translation>파일을 고치거나 삭제하세요. Trove는 이 파일을 임의로 덮어쓰지 않습니다.</translation>
    </message>
    <message>
        <source>Fix that value, or run `trove config set`.</source>
        <translation>그 값을 고치거나 `trove config set`을 실행하세요.</translation>
    </message>
    <message>
        <source>Hosted NVIDIA API catalog keys start with nvapi-; check you pasted the right one.</source>
        <translation>NVIDIA API 카탈로그 키는 nvapi-로 시작합니다. 올바른 키를 붙여 넣었는지 확인하세요.</translation>
    </message>
    <message>
        <source>If it is on a network or removable drive, check that the drive is still connected.</source>
        <translation>네트워크 드라이브나 이동식 드라이브에 있다면 드라이브가 아직 연결되어 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>If it is stuck, close it; a crashed owner frees the lock on its own.</source>
        <translation>멈춰 있다면 닫으세요. 비정상 종료된 프로세스의 잠금은 저절로 풀립니다.</translation>
    </message>
    <message>
        <source>If it is text in an unusual encoding, save it as UTF-8.</source>
        <translation>흔치 않은 인코딩의 텍스트라면 UTF-8로 저장하세요.</translation>
    </message>
    <message>
        <source>If it opens in its own program, save a fresh copy there; Trove will read it again.</source>
        <translation>원래 프로그램에서 열린다면 거기서 새 사본으로 저장하세요. Trove가 다시 읽습니다.</translation>
    </message>
    <message>
        <source>If the NIM uses a company certificate, point nim.ca_bundle at its PEM file; `trove doctor` tests the connection.</source>
        <translation>NIM이 회사 인증서를 쓴다면 nim.ca_bundle에 그 PEM 파일을 지정하세요. `trove doctor`로 연결을 테스트할 수 있습니다.</translation>
    </message>
    <message>
        <source>In {0}: {1}</source>
        <translation>{0}에서: {1}</translation>
    </message>
    <message>
        <source>Index the outer folder with excludes, or remove it first.</source>
        <translation>바깥 폴더를 제외 규칙과 함께 색인하거나, 먼저 그 폴더를 제거하세요.</translation>
    </message>
    <message>
        <source>It may be damaged; if it opens in its own program, save a fresh copy there.</source>
        <translation>손상되었을 수 있습니다. 원래 프로그램에서 열린다면 거기서 새 사본으로 저장하세요.</translation>
    </message>
    <message>
        <source>Listed models are not enabled for every account: check the model&apos;s page on build.nvidia.com, use a key that has access, or choose another model.</source>
        <translation>목록에 있는 모델이 모든 계정에서 사용 가능한 것은 아닙니다. build.nvidia.com의 모델 페이지를 확인하거나, 권한이 있는 키를 쓰거나, 다른 모델을 고르세요.</translation>
    </message>
    <message>
        <source>NVIDIA reports the {0} model{1} as degraded; it cannot be used right now.{2}</source>
        <translation>NVIDIA가 {0} 모델{1}의 상태를 저하됨으로 보고합니다. 지금은 사용할 수 없습니다.{2}</translation>
    </message>
    <message>
        <source>No OCR model is set.</source>
        <translation>OCR 모델이 설정되지 않았습니다.</translation>
    </message>
    <message>
        <source>No usable OS keyring was found (common on headless Linux). Set the key in the environment instead, e.g. `export NVIDIA_API_KEY=nvapi-...`, or install and unlock a keyring service (GNOME Keyring, KWallet, or `pip install keyrings.alt` for a file-based one).</source>
        <translation>사용할 수 있는 시스템 키링이 없습니다(화면 없는 Linux에서 흔합니다). 대신 환경 변수로 키를 설정하거나(예: `export NVIDIA_API_KEY=nvapi-...`), 키링 서비스(GNOME Keyring, KWallet, 또는 파일 기반의 `pip install keyrings.alt`)를 설치하고 잠금을 해제하세요.</translation>
    </message>
    <message>
        <source>No usable OS keyring.</source>
        <translation>사용할 수 있는 시스템 키링이 없습니다.</translation>
    </message>
    <message>
        <source>No {0} model is set.</source>
        <translation>{0} 모델이 설정되지 않았습니다.</translation>
    </message>
    <message>
        <source>Nothing to do: Trove picks it up again wherever it reappears in a watched folder.</source>
        <translation>할 일은 없습니다. 지켜보는 폴더 어딘가에 다시 나타나면 Trove가 다시 색인합니다.</translation>
    </message>
    <message>
        <source>OCR is off: turn it on with `trove config set ocr.enabled true` and Trove reads the scanned pages itself.</source>
        <translation>OCR이 꺼져 있습니다. `trove config set ocr.enabled true`로 켜면 Trove가 스캔한 페이지를 직접 읽습니다.</translation>
    </message>
    <message>
        <source>Only DRM-free e-books can be made searchable.</source>
        <translation>DRM이 없는 전자책만 검색할 수 있게 만들 수 있습니다.</translation>
    </message>
    <message>
        <source>Open it once with the Trove that owns it, or rebuild the index.</source>
        <translation>그 색인을 만든 Trove로 한 번 열거나, 색인을 다시 만드세요.</translation>
    </message>
    <message>
        <source>Pick another Chroma database, or remove that collection with Chroma&apos;s tools.</source>
        <translation>다른 Chroma 데이터베이스를 고르거나, Chroma 도구로 그 컬렉션을 지우세요.</translation>
    </message>
    <message>
        <source>Point nim.ca_bundle at a readable PEM file of CA certificates.</source>
        <translation>nim.ca_bundle에 읽을 수 있는 CA 인증서 PEM 파일을 지정하세요.</translation>
    </message>
    <message>
        <source>Raise &apos;index.extract_memory_mb&apos;, or split the file, if it should be searchable.</source>
        <translation>이 파일을 검색할 수 있어야 한다면 &apos;추출 메모리 한도&apos;를 높이거나 파일을 나누세요.</translation>
    </message>
    <message>
        <source>Reading &apos;{0}&apos; crashed the reader ({1}).</source>
        <translation>&apos;{0}&apos;을(를) 읽다가 읽기 프로그램이 비정상 종료되었습니다({1}).</translation>
    </message>
    <message>
        <source>Reading &apos;{0}&apos; took longer than {1} s, so Trove stopped it.</source>
        <translation>&apos;{0}&apos;을(를) 읽는 데 {1}초보다 오래 걸려 Trove가 중단했습니다.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and is on a local disk, and that no other Trove is running with the same data folder; if it is damaged, `trove repair` moves it aside and rebuilds it from the catalog.</source>
        <translation>폴더가 있는지, 쓸 수 있는지, 로컬 디스크에 있는지, 같은 데이터 폴더로 실행 중인 다른 Trove가 없는지 확인하세요. 손상되었다면 `trove repair`가 옆으로 옮기고 카탈로그에서 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you may write to it.</source>
        <translation>폴더가 있는지, 그 폴더에 쓸 권한이 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that ocr.page_elements_model names a page-elements model.</source>
        <translation>ocr.page_elements_model이 페이지 요소 모델을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check that ocr.{0}_url and ocr.{1}_model point at a {2} NIM.</source>
        <translation>ocr.{0}_url과 ocr.{1}_model이 {2} NIM을 가리키는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check the key (`trove key status`; regenerate it at build.nvidia.com and store it with `trove key set`), then the model&apos;s page on build.nvidia.com; `trove doctor` tries both.</source>
        <translation>키를 확인하고(`trove key status`, build.nvidia.com에서 새로 만든 뒤 `trove key set`으로 저장), build.nvidia.com의 모델 페이지도 확인하세요. `trove doctor`가 둘 다 점검합니다.</translation>
    </message>
    <message>
        <source>Close other Trove windows and `trove watch`, then try again; if this repeats, another program on this computer is listening in Trove&apos;s place.</source>
        <translation>다른 Trove 창과 `trove watch`를 닫고 다시 시도하세요. 계속 그러면 이 컴퓨터의 다른 프로그램이 Trove 대신 응답하고 있는 것입니다.</translation>
    </message>
    <message>
        <source>Free some space on that disk, then save again; the file on disk is unchanged.</source>
        <translation>디스크 공간을 확보한 뒤 다시 저장하세요. 디스크에 있는 파일은 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Gave up after 1 retry.</source>
        <translation>1번 재시도한 뒤 포기했습니다.</translation>
    </message>
    <message>
        <source>Gave up after {0} retries.</source>
        <translation>{0}번 재시도한 뒤 포기했습니다.</translation>
    </message>
    <message>
        <source>Leave embedding.dimensions empty to silence this.</source>
        <translation>이 알림을 없애려면 벡터 크기를 비워 두세요.</translation>
    </message>
    <message>
        <source>No OCR NIM is set and no local OCR engine is installed: scans stay unread.</source>
        <translation>OCR NIM이 설정되지 않았고 로컬 OCR 엔진도 설치되지 않았습니다. 스캔은 읽히지 않습니다.</translation>
    </message>
    <message>
        <source>No local OCR engine: scans are read only by the OCR NIM.</source>
        <translation>로컬 OCR 엔진이 없습니다. 스캔은 OCR NIM으로만 읽습니다.</translation>
    </message>
    <message>
        <source>No model is set for {0}.</source>
        <translation>{0} 모델이 설정되지 않았습니다.</translation>
    </message>
    <message>
        <source>No reranking NIM answers at {0}; searches run without reranking.</source>
        <translation>{0}에서 응답하는 재순위 NIM이 없습니다. 검색은 재순위 없이 실행됩니다.</translation>
    </message>
    <message>
        <source>OCR is off (ocr.enabled)</source>
        <translation>OCR이 꺼져 있습니다(ocr.enabled)</translation>
    </message>
    <message>
        <source>OCR is off (ocr.enabled), PDF tables too</source>
        <translation>OCR이 꺼져 있어(ocr.enabled) PDF 표도 읽지 않습니다</translation>
    </message>
    <message>
        <source>RapidOCR (local: Chinese, English)</source>
        <translation>RapidOCR (로컬: 중국어, 영어)</translation>
    </message>
    <message>
        <source>Rebuild the vector index so Trove creates the space again with cosine distance.</source>
        <translation>벡터 색인을 다시 만들어 Trove가 코사인 거리로 공간을 새로 만들게 하세요.</translation>
    </message>
    <message>
        <source>Reconnect the drive, or remove the folder from Trove.</source>
        <translation>드라이브를 다시 연결하거나, Trove에서 폴더를 제거하세요.</translation>
    </message>
    <message>
        <source>Reranking skipped ({0}).</source>
        <translation>재순위화를 건너뛰었습니다({0}).</translation>
    </message>
    <message>
        <source>Restart Trove.</source>
        <translation>Trove를 다시 시작하세요.</translation>
    </message>
    <message>
        <source>Restart Trove; `trove repair` rebuilds the store from the catalog if needed.</source>
        <translation>Trove를 다시 시작하세요. 필요하면 `trove repair`가 카탈로그에서 저장소를 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Run `trove config list` to see every setting.</source>
        <translation>`trove config list`를 실행하면 모든 설정을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Run `trove config set {0}.model {1}` or fix the base URL.</source>
        <translation>`trove config set {0}.model {1}`을 실행하거나 기본 URL을 고치세요.</translation>
    </message>
    <message>
        <source>Run `trove config set` with the corrected URL.</source>
        <translation>고친 URL로 `trove config set`을 실행하세요.</translation>
    </message>
    <message>
        <source>Run `trove key set` with your nvapi- key, or set NVIDIA_API_KEY.</source>
        <translation>nvapi- 키로 `trove key set`을 실행하거나 NVIDIA_API_KEY를 설정하세요.</translation>
    </message>
    <message>
        <source>Run `trove repair` (in the app: Indexing &gt; Check and repair the index): it rebuilds the vector index from the catalog. Your files and keyword search are not affected.</source>
        <translation>`trove repair`를 실행하세요(앱에서는 색인 &gt; 색인 검사 및 복구). 카탈로그에서 벡터 색인을 다시 만듭니다. 파일과 키워드 검색에는 영향이 없습니다.</translation>
    </message>
    <message>
        <source>Save a copy without the password if you want it to be searchable.</source>
        <translation>검색할 수 있게 하려면 암호 없는 사본을 저장하세요.</translation>
    </message>
    <message>
        <source>Save it in the current format (.docx, .xlsx or .pptx) to make it searchable.</source>
        <translation>검색할 수 있게 하려면 현재 형식(.docx, .xlsx, .pptx)으로 저장하세요.</translation>
    </message>
    <message>
        <source>See `trove chats list`.</source>
        <translation>`trove chats list`를 확인하세요.</translation>
    </message>
    <message>
        <source>Semantic search is unavailable ({0}); showing keyword results only.</source>
        <translation>의미 검색을 사용할 수 없어({0}) 키워드 결과만 보여 줍니다.</translation>
    </message>
    <message>
        <source>Set ocr.base_url to an OCR NIM (nvidia/nemotron-ocr-v2), or install Tesseract or the local engine (pip install &apos;trove[ocr]&apos;).</source>
        <translation>ocr.base_url을 OCR NIM(nvidia/nemotron-ocr-v2)으로 설정하거나 Tesseract 또는 로컬 엔진(pip install &apos;trove[ocr]&apos;)을 설치하세요.</translation>
    </message>
    <message>
        <source>Set one with `trove config set {0}.model &lt;model id&gt;`.</source>
        <translation>`trove config set {0}.model &lt;모델 ID&gt;`로 설정하세요.</translation>
    </message>
    <message>
        <source>Set one with `trove config set {0}_model &lt;model id&gt;`.</source>
        <translation>`trove config set {0}_model &lt;모델 ID&gt;`로 설정하세요.</translation>
    </message>
    <message>
        <source>Setting &apos;{0}&apos; {1} (got {2}).</source>
        <translation>설정 &apos;{0}&apos;: {1}(입력값: {2}).</translation>
    </message>
    <message>
        <source>Tesseract (local: {0})</source>
        <translation>Tesseract (로컬: {0})</translation>
    </message>
    <message>
        <source>The API key is empty.</source>
        <translation>API 키가 비어 있습니다.</translation>
    </message>
    <message>
        <source>The CA bundle {0} cannot be used: {1}.</source>
        <translation>CA 인증서 파일 {0}을(를) 사용할 수 없습니다: {1}.</translation>
    </message>
    <message>
        <source>The Chroma server at {0} refused Trove&apos;s credentials.</source>
        <translation>{0}의 Chroma 서버가 Trove의 인증 정보를 거부했습니다.</translation>
    </message>
    <message>
        <source>The NIM URL &apos;{0}&apos; contains spaces.</source>
        <translation>NIM URL &apos;{0}&apos;에 공백이 있습니다.</translation>
    </message>
    <message>
        <source>The NIM URL &apos;{0}&apos; has an invalid port.</source>
        <translation>NIM URL &apos;{0}&apos;의 포트가 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>The NIM URL &apos;{0}&apos; has no host name.</source>
        <translation>NIM URL &apos;{0}&apos;에 호스트 이름이 없습니다.</translation>
    </message>
    <message>
        <source>The NIM URL &apos;{0}&apos; must start with http:// or https://.</source>
        <translation>NIM URL &apos;{0}&apos;은(는) http:// 또는 https://로 시작해야 합니다.</translation>
    </message>
    <message>
        <source>The NIM URL is empty.</source>
        <translation>NIM URL이 비어 있습니다.</translation>
    </message>
    <message>
        <source>The NIM is still loading its model (503).</source>
        <translation>NIM이 아직 모델을 불러오는 중입니다(503).</translation>
    </message>
    <message>
        <source>The NIM returns the same vector for a query and a passage: it ignores input_type, so searches match less well than the model can.</source>
        <translation>NIM이 질의와 구절에 같은 벡터를 돌려줍니다. input_type을 무시하므로 검색 정확도가 모델 본래 수준보다 낮습니다.</translation>
    </message>
    <message>
        <source>The OCR NIM is still loading its model (503).</source>
        <translation>OCR NIM이 아직 모델을 불러오는 중입니다(503).</translation>
    </message>
    <message>
        <source>The OS keyring refused to {0} the API key ({1}).</source>
        <translation>시스템 키링이 API 키 처리({0})를 거부했습니다({1}).</translation>
    </message>
    <message>
        <source>The Trove process that owns the data directory stopped mid-answer.</source>
        <translation>데이터 폴더를 사용 중인 Trove 프로세스가 답하는 도중 멈췄습니다.</translation>
    </message>
    <message>
        <source>The chat NIM at {0} answered with {1}.</source>
        <translation>{0}의 대화 NIM이 {1}(으)로 응답했습니다.</translation>
    </message>
    <message>
        <source>The chat NIM at {0} stopped sending in the middle of the answer.</source>
        <translation>{0}의 대화 NIM이 답변 도중 전송을 멈췄습니다.</translation>
    </message>
    <message>
        <source>The chat NIM sent a part of its answer Trove cannot read.</source>
        <translation>대화 NIM이 Trove가 읽을 수 없는 답변 조각을 보냈습니다.</translation>
    </message>
    <message>
        <source>The chat NIM stopped with an error in the middle of the answer: {0}</source>
        <translation>대화 NIM이 답변 도중 오류로 멈췄습니다: {0}</translation>
    </message>
    <message>
        <source>The chat NIM&apos;s answer ended before it was complete.</source>
        <translation>대화 NIM의 답변이 끝나기 전에 끊겼습니다.</translation>
    </message>
    <message>
        <source>The collection {0} in the vector store is not a Trove index.</source>
        <translation>벡터 저장소의 컬렉션 {0}은(는) Trove 색인이 아닙니다.</translation>
    </message>
    <message>
        <source>The connection to the chat NIM broke in the middle of the answer.</source>
        <translation>답변 도중 대화 NIM과의 연결이 끊겼습니다.</translation>
    </message>
    <message>
        <source>The connection to the {0} NIM at {1} was closed before it answered.</source>
        <translation>{1}의 {0} NIM과의 연결이 응답 전에 닫혔습니다.</translation>
    </message>
    <message>
        <source>The embedding NIM at {0} answered with {1}.</source>
        <translation>{0}의 임베딩 NIM이 {1}(으)로 응답했습니다.</translation>
    </message>
    <message>
        <source>The file is probably damaged, or hits a bug in a reading library; Trove skipped it and went on.</source>
        <translation>파일이 손상되었거나 읽기 라이브러리의 버그에 걸린 것 같습니다. Trove는 이 파일을 건너뛰고 계속했습니다.</translation>
    </message>
    <message>
        <source>The folder {0} cannot be opened ({1}).</source>
        <translation>폴더 {0}을(를) 열 수 없습니다({1}).</translation>
    </message>
    <message>
        <source>The folder {0} is not available (deleted, renamed, or on a drive that is not connected).</source>
        <translation>폴더 {0}을(를) 사용할 수 없습니다(삭제되었거나, 이름이 바뀌었거나, 연결되지 않은 드라이브에 있습니다).</translation>
    </message>
    <message>
        <source>The hosted NVIDIA API catalog needs an API key; none is set.</source>
        <translation>NVIDIA API 카탈로그에는 API 키가 필요하지만 설정된 키가 없습니다.</translation>
    </message>
    <message>
        <source>The hosted OCR NIM needs an API key; none is set.</source>
        <translation>호스팅 OCR NIM에는 API 키가 필요한데 설정되지 않았습니다.</translation>
    </message>
    <message>
        <source>The hosted {0} NIM needs an API key; none is set.</source>
        <translation>호스팅 {0} NIM에는 API 키가 필요한데 설정되지 않았습니다.</translation>
    </message>
    <message>
        <source>The index has schema version {0}; this Trove reads {1}.</source>
        <translation>색인의 스키마 버전은 {0}이고, 이 Trove는 {1}을(를) 읽습니다.</translation>
    </message>
    <message>
        <source>The index was built with {0}-dimension vectors; this NIM now gives {1}.</source>
        <translation>색인은 {0}차원 벡터로 만들어졌는데, 이 NIM은 이제 {1}차원을 돌려줍니다.</translation>
    </message>
    <message>
        <source>The index was created by a newer version of Trove (schema {0}, this one knows up to {1}).</source>
        <translation>색인이 더 새로운 버전의 Trove로 만들어졌습니다(스키마 {0}, 이 버전은 {1}까지 압니다).</translation>
    </message>
    <message>
        <source>The key from {0} does not start with nvapi-.</source>
        <translation>{0}에서 가져온 키가 nvapi-로 시작하지 않습니다.</translation>
    </message>
    <message>
        <source>The key may be wrong, revoked or out of credits. Check or regenerate your API key at build.nvidia.com and store it with `trove key set`, or set the NVIDIA_API_KEY environment variable.</source>
        <translation>키가 틀렸거나, 취소되었거나, 크레딧이 없을 수 있습니다. build.nvidia.com에서 API 키를 확인하거나 새로 만든 뒤 `trove key set`으로 저장하거나, NVIDIA_API_KEY 환경 변수를 설정하세요.</translation>
    </message>
    <message>
        <source>The model may be overloaded or the request too large; raise nim.read_timeout or send smaller batches.</source>
        <translation>모델이 과부하 상태이거나 요청이 너무 클 수 있습니다. 읽기 제한 시간을 늘리거나 더 작게 나눠 보내세요.</translation>
    </message>
    <message>
        <source>The model may be overloaded; ask again, or raise nim.read_timeout.</source>
        <translation>모델이 과부하 상태일 수 있습니다. 다시 질문하거나 읽기 제한 시간을 늘리세요.</translation>
    </message>
    <message>
        <source>The model refuses a chosen vector size ({0}); it has a fixed size of {1}, which Trove uses.</source>
        <translation>모델이 지정한 벡터 크기({0})를 받지 않습니다. 크기가 {1}(으)로 고정되어 있어 Trove는 그 크기를 씁니다.</translation>
    </message>
    <message>
        <source>The model{0} has been retired from the {1} NIM.{2}</source>
        <translation>모델{0}은(는) {1} NIM에서 더 이상 제공되지 않습니다.{2}</translation>
    </message>
    <message>
        <source>The next `trove index` (or the app) builds a new index beside the old one; semantic search returns when it is complete.</source>
        <translation>다음 `trove index`(또는 앱)가 기존 색인 옆에 새 색인을 만듭니다. 완성되면 의미 검색이 다시 됩니다.</translation>
    </message>
    <message>
        <source>The page-elements NIM found no table on a test page with one.</source>
        <translation>페이지 요소 NIM이 표가 있는 시험 페이지에서 표를 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>The part of the answer already shown may be incomplete; ask again.</source>
        <translation>이미 표시된 답변은 불완전할 수 있습니다. 다시 질문하세요.</translation>
    </message>
    <message>
        <source>The program at the address Trove&apos;s owner process published is not Trove&apos;s owner (process {0} may have ended and another program taken its place); nothing was sent to it.</source>
        <translation>Trove 소유 프로세스가 알린 주소의 프로그램이 Trove가 아닙니다(프로세스 {0}이(가) 끝나고 다른 프로그램이 그 자리를 차지했을 수 있습니다). 아무것도 보내지 않았습니다.</translation>
    </message>
    <message>
        <source>The reranking NIM at {0} answered with {1}.</source>
        <translation>{0}의 재순위화 NIM이 {1}(으)로 응답했습니다.</translation>
    </message>
    <message>
        <source>The settings file {0} cannot be read: {1}.</source>
        <translation>설정 파일 {0}을(를) 읽을 수 없습니다: {1}.</translation>
    </message>
    <message>
        <source>The settings file {0} cannot be written: the disk is full.</source>
        <translation>설정 파일 {0}에 쓸 수 없습니다: 디스크가 가득 찼습니다.</translation>
    </message>
    <message>
        <source>The settings file {0} cannot be written: {1}.</source>
        <translation>설정 파일 {0}에 쓸 수 없습니다: {1}.</translation>
    </message>
    <message>
        <source>The settings file {0} has schema version {1}, newer than this Trove understands ({2}).</source>
        <translation>설정 파일 {0}의 스키마 버전 {1}은(는) 이 Trove가 이해하는 버전({2})보다 새롭습니다.</translation>
    </message>
    <message>
        <source>The settings file {0} must hold a JSON object.</source>
        <translation>설정 파일 {0}에는 JSON 객체가 있어야 합니다.</translation>
    </message>
    <message>
        <source>The vector index{0} is damaged ({1} failed).</source>
        <translation>벡터 색인{0}이(가) 손상되었습니다({1} 실패).</translation>
    </message>
    <message>
        <source>The vector space {0} does not exist in the vector store.</source>
        <translation>벡터 공간 {0}이(가) 벡터 저장소에 없습니다.</translation>
    </message>
    <message>
        <source>The vector space {0} uses {1} distance instead of cosine.</source>
        <translation>벡터 공간 {0}이(가) 코사인 대신 {1} 거리를 사용합니다.</translation>
    </message>
    <message>
        <source>The vector store already has a collection named {0} that is not Trove&apos;s index for {1} at {2} dimensions.</source>
        <translation>벡터 저장소에 이미 {0}(이)라는 컬렉션이 있지만, {1}의 {2}차원 Trove 색인이 아닙니다.</translation>
    </message>
    <message>
        <source>The vector store did not open in time.</source>
        <translation>벡터 저장소가 제시간에 열리지 않았습니다.</translation>
    </message>
    <message>
        <source>The vector store failed while {0}: {1}</source>
        <translation>벡터 저장소가 {0} 중에 실패했습니다: {1}</translation>
    </message>
    <message>
        <source>The vector store process stopped unexpectedly.</source>
        <translation>벡터 저장소 프로세스가 예기치 않게 멈췄습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} answered with something that is not JSON (HTTP {2}, {3}).</source>
        <translation>{1}의 {0} NIM이 JSON이 아닌 응답을 보냈습니다(HTTP {2}, {3}).</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} answered with {2}.</source>
        <translation>{1}의 {0} NIM이 {2}(으)로 응답했습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} asks for the API key, but Trove does not send the key over plain HTTP to another computer (anyone on the network could read it).</source>
        <translation>{1}의 {0} NIM이 API 키를 요구하지만, Trove는 암호화되지 않은 HTTP로 다른 컴퓨터에 키를 보내지 않습니다(네트워크의 누구나 읽을 수 있습니다).</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} cannot be reached (connection failed).</source>
        <translation>{1}의 {0} NIM에 연결할 수 없습니다(연결 실패).</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} cannot be reached ({2}).</source>
        <translation>{1}의 {0} NIM에 연결할 수 없습니다({2}).</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} did not accept a connection within {2} s.</source>
        <translation>{1}의 {0} NIM이 {2}초 안에 연결을 받지 않았습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} did not answer within {2} s.</source>
        <translation>{1}의 {0} NIM이 {2}초 안에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} does not know model{2}, or that URL is not a NIM API.{3}</source>
        <translation>{1}의 {0} NIM이 모델{2}을(를) 모르거나, 그 URL이 NIM API가 아닙니다.{3}</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} presented a TLS certificate Trove does not trust.</source>
        <translation>{1}의 {0} NIM이 Trove가 신뢰하지 않는 TLS 인증서를 보냈습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM at {1} sent a model list Trove cannot read.</source>
        <translation>{1}의 {0} NIM이 Trove가 읽을 수 없는 모델 목록을 보냈습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM failed with a server error (HTTP {1}).{2}</source>
        <translation>{0} NIM이 서버 오류로 실패했습니다(HTTP {1}).{2}</translation>
    </message>
    <message>
        <source>The {0} NIM gave an unexpected answer (HTTP {1}).{2}</source>
        <translation>{0} NIM이 예상하지 못한 응답을 보냈습니다(HTTP {1}).{2}</translation>
    </message>
    <message>
        <source>The {0} NIM is not ready (its model may still be loading).{1}</source>
        <translation>{0} NIM이 아직 준비되지 않았습니다(모델을 불러오는 중일 수 있습니다).{1}</translation>
    </message>
    <message>
        <source>The {0} NIM is rate-limiting Trove (too many requests).{1}</source>
        <translation>{0} NIM이 Trove의 요청을 제한하고 있습니다(요청이 너무 많습니다).{1}</translation>
    </message>
    <message>
        <source>The {0} NIM is still loading its model (503).</source>
        <translation>{0} NIM이 아직 모델을 불러오는 중입니다(503).</translation>
    </message>
    <message>
        <source>The {0} NIM refused access (HTTP 403).{1} Either the API key is wrong or no longer valid, or model{2} is not enabled for the key&apos;s account.</source>
        <translation>{0} NIM이 접근을 거부했습니다(HTTP 403).{1} API 키가 틀렸거나 더 이상 유효하지 않거나, 키의 계정에서 모델{2}을(를) 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>The {0} NIM refused access to model{1} for this API key.{2}</source>
        <translation>{0} NIM이 이 API 키로는 모델{1}에 접근할 수 없다고 합니다.{2}</translation>
    </message>
    <message>
        <source>The {0} NIM refused the API key (HTTP 403).{1}</source>
        <translation>{0} NIM이 API 키를 거부했습니다(HTTP 403).{1}</translation>
    </message>
    <message>
        <source>The {0} NIM rejected the API key.{1}</source>
        <translation>{0} NIM이 API 키를 거부했습니다.{1}</translation>
    </message>
    <message>
        <source>The {0} NIM rejected the request (HTTP {1}).{2}</source>
        <translation>{0} NIM이 요청을 거부했습니다(HTTP {1}).{2}</translation>
    </message>
    <message>
        <source>The {0} NIM requires an API key, and none is set.{1}</source>
        <translation>{0} NIM에는 API 키가 필요하지만 설정된 키가 없습니다.{1}</translation>
    </message>
    <message>
        <source>The {0} model{1} has a fixed vector size and does not accept a chosen one (dimensions).{2}</source>
        <translation>{0} 모델{1}은(는) 벡터 크기가 고정되어 있어 지정한 크기를 받지 않습니다.{2}</translation>
    </message>
    <message>
        <source>The {0}&apos;{1}&apos; is password-protected, so Trove cannot read it.</source>
        <translation>{0}&apos;{1}&apos;은(는) 암호로 보호되어 있어 Trove가 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>There is no conversation {0}.</source>
        <translation>대화 {0}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>This is usually temporary; Trove retries. If it persists, check the NIM&apos;s logs.</source>
        <translation>보통 일시적인 문제이며 Trove가 다시 시도합니다. 계속되면 NIM의 로그를 확인하세요.</translation>
    </message>
    <message>
        <source>To rerank, start a reranking NIM and set its URL as rerank.base_url.</source>
        <translation>재순위를 쓰려면 재순위 NIM을 시작하고 그 URL을 rerank.base_url로 설정하세요.</translation>
    </message>
    <message>
        <source>Trove (process {0}) owns this data directory but does not answer.</source>
        <translation>Trove(프로세스 {0})가 이 데이터 폴더를 사용 중이지만 응답하지 않습니다.</translation>
    </message>
    <message>
        <source>Trove cannot open {0} as a PDF ({1}).</source>
        <translation>Trove가 {0}을(를) PDF로 열 수 없습니다 ({1}).</translation>
    </message>
    <message>
        <source>Trove cannot open {0} as an image ({1}).</source>
        <translation>Trove가 {0}을(를) 이미지로 열 수 없습니다 ({1}).</translation>
    </message>
    <message>
        <source>Trove cannot read {0} files (&apos;{1}&apos;).</source>
        <translation>Trove는 {0} 파일을 읽을 수 없습니다(&apos;{1}&apos;).</translation>
    </message>
    <message>
        <source>Trove checks it again by itself and resumes when it answers.</source>
        <translation>Trove가 스스로 다시 확인하고, 응답하면 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>Trove could not open its vector store in {0}.</source>
        <translation>Trove가 {0}의 벡터 저장소를 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Trove could not reach the Chroma server at {0} ({1}).</source>
        <translation>Trove가 {0}의 Chroma 서버에 연결할 수 없습니다({1}).</translation>
    </message>
    <message>
        <source>Trove is not allowed to read &apos;{0}&apos; (permission denied or locked by another program).</source>
        <translation>Trove가 &apos;{0}&apos;을(를) 읽을 권한이 없습니다(권한 거부 또는 다른 프로그램이 잠금).</translation>
    </message>
    <message>
        <source>Trove uses the model&apos;s own size; leave embedding.dimensions empty.</source>
        <translation>Trove는 모델 본래의 크기를 씁니다. 벡터 크기는 비워 두세요.</translation>
    </message>
    <message>
        <source>Trove waits and retries on its own. Hosted free-tier keys allow about 40 requests a minute; lower embedding.max_in_flight to send fewer at once.</source>
        <translation>Trove가 기다렸다가 스스로 다시 시도합니다. 무료 키는 분당 약 40개 요청만 허용합니다. embedding.max_in_flight를 낮춰 한 번에 보내는 요청을 줄이세요.</translation>
    </message>
    <message>
        <source>Trove will re-create it and embed the files again; if this keeps happening, check that no other program deletes collections in this Chroma database.</source>
        <translation>Trove가 다시 만들고 파일을 다시 임베딩합니다. 계속 그러면 다른 프로그램이 이 Chroma 데이터베이스의 컬렉션을 지우고 있지 않은지 확인하세요.</translation>
    </message>
    <message>
        <source>Try again later or choose another model.</source>
        <translation>나중에 다시 시도하거나 다른 모델을 고르세요.</translation>
    </message>
    <message>
        <source>Try again; if it keeps failing, run `trove repair` to rebuild the vector index from the catalog.</source>
        <translation>다시 시도하세요. 계속 실패하면 `trove repair`로 카탈로그에서 벡터 색인을 다시 만드세요.</translation>
    </message>
    <message>
        <source>Wait a few minutes, then run doctor again.</source>
        <translation>몇 분 기다린 뒤 doctor를 다시 실행하세요.</translation>
    </message>
    <message>
        <source>embedded a passage and a query ({0} dimensions, the model&apos;s own size)</source>
        <translation>구절과 질의를 임베딩했습니다({0}차원, 모델 본래 크기)</translation>
    </message>
    <message>
        <source>Unknown setting &apos;{0}&apos;.</source>
        <translation>알 수 없는 설정 &apos;{0}&apos;.</translation>
    </message>
    <message>
        <source>Set one with `trove config set ocr.model nvidia/nemotron-ocr-v2`.</source>
        <translation>`trove config set ocr.model nvidia/nemotron-ocr-v2`로 설정하세요.</translation>
    </message>
    <message>
        <source>The OCR NIM at {0} answered with {1}.</source>
        <translation>{0}의 OCR NIM이 {1}(으)로 응답했습니다.</translation>
    </message>
    <message>
        <source>The file may be huge or malformed. Raise &apos;{0}&apos; if it should be searchable.</source>
        <translation>파일이 너무 크거나 손상되었을 수 있습니다. 검색되어야 하는 파일이면 &apos;{0}&apos; 값을 늘리세요.</translation>
    </message>
    <message>
        <source>Unlock your keyring and try again, or set NVIDIA_API_KEY in the environment.</source>
        <translation>키링 잠금을 해제하고 다시 시도하거나, 환경 변수 NVIDIA_API_KEY를 설정하세요.</translation>
    </message>
    <message>
        <source>Update Trove, or move the file away to start with defaults.</source>
        <translation>Trove를 업데이트하거나, 파일을 다른 곳으로 옮겨 기본값으로 시작하세요.</translation>
    </message>
    <message>
        <source>Update Trove, or rebuild the index from scratch.</source>
        <translation>Trove를 업데이트하거나, 색인을 처음부터 다시 만드세요.</translation>
    </message>
    <message>
        <source>Use an asymmetric retrieval model (e.g. nvidia/llama-nemotron-embed-1b-v2) or check that the NIM passes input_type to the model.</source>
        <translation>비대칭 검색 모델(예: nvidia/llama-nemotron-embed-1b-v2)을 쓰거나, NIM이 input_type을 모델에 전달하는지 확인하세요.</translation>
    </message>
    <message>
        <source>Use an https:// URL for it, or if that network is trusted, allow it with `trove config set {0} {1}` (Settings &gt; Connection &gt; Advanced).</source>
        <translation>https:// URL을 쓰거나, 믿을 수 있는 네트워크라면 `trove config set {0} {1}`로 허용하세요(설정 &gt; 연결 &gt; 고급).</translation>
    </message>
    <message>
        <source>Use smaller chunks, or allow truncation (embedding.truncate END).</source>
        <translation>더 작은 조각을 쓰거나, 잘라내기를 허용하세요(embedding.truncate END).</translation>
    </message>
    <message>
        <source>Use the base URL of the NIM, for example http://localhost:8000/v1.</source>
        <translation>NIM의 기본 URL을 쓰세요. 예: http://localhost:8000/v1</translation>
    </message>
    <message>
        <source>Wait for it to finish, or close the Trove app / `trove watch` and try again.</source>
        <translation>끝날 때까지 기다리거나, Trove 앱 또는 `trove watch`를 닫고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Wait; large models can take many minutes to load. Run doctor again.</source>
        <translation>기다리세요. 큰 모델은 불러오는 데 여러 분이 걸릴 수 있습니다. 그런 다음 다시 점검하세요.</translation>
    </message>
    <message>
        <source>Whole-collection questions are not available here.</source>
        <translation>전체 모음에 대한 질문은 여기서 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>`trove chats list` shows them.</source>
        <translation>`trove chats list`로 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>`trove folders list` shows them.</source>
        <translation>`trove folders list`로 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>answered a test question</source>
        <translation>테스트 질문에 답했습니다</translation>
    </message>
    <message>
        <source>corrupt</source>
        <translation>손상됨</translation>
    </message>
    <message>
        <source>embedding.batch_size and embedding.max_in_flight must be at least 1.</source>
        <translation>요청당 텍스트 수와 동시 요청 수는 1 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>embedding.dimensions must be positive (got {0}).</source>
        <translation>벡터 크기는 양수여야 합니다(입력값: {0}).</translation>
    </message>
    <message>
        <source>embedding.truncate must be NONE, START or END (got {0}).</source>
        <translation>너무 긴 입력 설정은 NONE, START, END 중 하나여야 합니다(입력값: {0}).</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>빈 파일</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>found the table on a test page</source>
        <translation>시험 페이지에서 표를 찾았습니다</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>잠김</translation>
    </message>
    <message>
        <source>model loaded</source>
        <translation>모델을 불러왔습니다</translation>
    </message>
    <message>
        <source>must be a JSON object, e.g. {{&quot;X-Header&quot;: &quot;v&quot;}}</source>
        <translation>JSON 객체여야 합니다. 예: {{&quot;X-Header&quot;: &quot;v&quot;}}</translation>
    </message>
    <message>
        <source>must be a list of strings, e.g. [&quot;a&quot;, &quot;b&quot;] or a,b</source>
        <translation>문자열 목록이어야 합니다. 예: [&quot;a&quot;, &quot;b&quot;] 또는 a,b</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>숫자여야 합니다</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>정수여야 합니다</translation>
    </message>
    <message>
        <source>must be an http:// or https:// URL, e.g. http://localhost:8000/v1</source>
        <translation>http:// 또는 https:// URL이어야 합니다. 예: http://localhost:8000/v1</translation>
    </message>
    <message>
        <source>must be an object of string keys and string values</source>
        <translation>키와 값이 모두 문자열인 객체여야 합니다</translation>
    </message>
    <message>
        <source>must be at least {0}</source>
        <translation>{0} 이상이어야 합니다</translation>
    </message>
    <message>
        <source>must be at most {0}</source>
        <translation>{0} 이하여야 합니다</translation>
    </message>
    <message>
        <source>must be one of </source>
        <translation>다음 중 하나여야 합니다: </translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>텍스트여야 합니다</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>must list language codes among {0}; {1} is not one</source>
        <translation>다음 언어 코드 중에서 골라야 합니다: {0}. {1}은(는) 없는 코드입니다</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>비어 있으면 안 됩니다</translation>
    </message>
    <message>
        <source>no embedding space is ready yet</source>
        <translation>아직 준비된 임베딩 공간이 없습니다</translation>
    </message>
    <message>
        <source>no health route on the hosted catalog</source>
        <translation>호스팅 카탈로그에는 상태 확인 경로가 없습니다</translation>
    </message>
    <message>
        <source>no passage is embedded yet</source>
        <translation>아직 임베딩된 구절이 없습니다</translation>
    </message>
    <message>
        <source>no path to save settings to</source>
        <translation>설정을 저장할 경로가 없습니다</translation>
    </message>
    <message>
        <source>no text</source>
        <translation>텍스트 없음</translation>
    </message>
    <message>
        <source>no text: &apos;{0}&apos; is an image, and OCR is off.</source>
        <translation>텍스트 없음: &apos;{0}&apos;은(는) 이미지이고 OCR이 꺼져 있습니다.</translation>
    </message>
    <message>
        <source>no text: scanned? &apos;{0}&apos; has {1} page{2} but no text layer.</source>
        <translation>텍스트 없음: 스캔본인가요? &apos;{0}&apos;은(는) {1}쪽이지만 텍스트 층이 없습니다.</translation>
    </message>
    <message>
        <source>ocr.route must be one of {0} (got {1}).</source>
        <translation>ocr.route는 {0} 중 하나여야 합니다(입력값: {1}).</translation>
    </message>
    <message>
        <source>ranked {0} test passages</source>
        <translation>테스트 구절 {0}개의 순위를 매겼습니다</translation>
    </message>
    <message>
        <source>read a test page ({0} text boxes, {1})</source>
        <translation>테스트 페이지를 읽었습니다(텍스트 상자 {0}개, {1})</translation>
    </message>
    <message>
        <source>read a test table: {0} rows, {1} columns</source>
        <translation>시험 표를 읽었습니다: {0}행, {1}열</translation>
    </message>
    <message>
        <source>rerank.truncate must be NONE or END (got {0}).</source>
        <translation>너무 긴 구절 설정은 NONE 또는 END여야 합니다(입력값: {0}).</translation>
    </message>
    <message>
        <source>reranking is off (rerank.enabled)</source>
        <translation>재순위화가 꺼져 있습니다(rerank.enabled)</translation>
    </message>
    <message>
        <source>takes the chosen size ({0})</source>
        <translation>지정한 크기({0})를 받습니다</translation>
    </message>
    <message>
        <source>the embedding NIM now returns vectors of {0} dimensions, not the {1} of the index; Trove builds a new one as it indexes</source>
        <translation>임베딩 NIM이 이제 색인의 {1}차원이 아니라 {0}차원 벡터를 돌려줍니다. Trove가 색인하면서 새 색인을 만듭니다</translation>
    </message>
    <message>
        <source>the server answers</source>
        <translation>서버가 응답합니다</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>너무 큼</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>지원하지 않음</translation>
    </message>
    <message>
        <source>vanished</source>
        <translation>사라짐</translation>
    </message>
    <message>
        <source>{0} (model {1})</source>
        <translation>{0} (모델 {1})</translation>
    </message>
    <message>
        <source>{0} (unavailable since {1}).</source>
        <translation>{0} ({1}부터 사용 불가).</translation>
    </message>
    <message>
        <source>{0} cannot be opened ({1}).</source>
        <translation>{0}을(를) 열 수 없습니다({1}).</translation>
    </message>
    <message>
        <source>{0} has no page {1} (it has {2}).</source>
        <translation>{0}에는 {1}페이지가 없습니다 (전체 {2}페이지).</translation>
    </message>
    <message>
        <source>{0} is not a folder that exists.</source>
        <translation>{0}은(는) 존재하는 폴더가 아닙니다.</translation>
    </message>
    <message>
        <source>{0} is not a folder.</source>
        <translation>{0}은(는) 폴더가 아닙니다.</translation>
    </message>
    <message>
        <source>{0} is not an indexed file.</source>
        <translation>{0}은(는) 색인된 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>{0} is not in one of Trove&apos;s folders.</source>
        <translation>{0}은(는) Trove 폴더에 들어 있지 않습니다.</translation>
    </message>
    <message>
        <source>{0} is not one of Trove&apos;s folders.</source>
        <translation>{0}은(는) Trove의 폴더가 아닙니다.</translation>
    </message>
    <message>
        <source>{0} is not served here (served: {1}).</source>
        <translation>{0}은(는) 여기서 제공되지 않습니다(제공되는 모델: {1}).</translation>
    </message>
    <message>
        <source>{0} is served</source>
        <translation>{0} 모델을 제공합니다</translation>
    </message>
    <message>
        <source>{0} is served here as {1} (the same model under its other name); Trove uses that id.</source>
        <translation>{0}은(는) 여기서 {1}(이)라는 다른 이름으로 제공됩니다(같은 모델). Trove는 그 ID를 씁니다.</translation>
    </message>
    <message>
        <source>{0} overlaps {1}, which Trove already indexes.</source>
        <translation>{0}이(가) Trove가 이미 색인하는 {1}과(와) 겹칩니다.</translation>
    </message>
    <message>
        <source>{0} was deleted while queued.</source>
        <translation>{0}이(가) 대기 중에 삭제되었습니다.</translation>
    </message>
    <message>
        <source>Enter your nvapi- key in Settings, on the Connection tab, or set NVIDIA_API_KEY.</source>
        <translation>설정의 연결 탭에서 nvapi- 키를 입력하거나, NVIDIA_API_KEY를 설정하세요.</translation>
    </message>
    <message>
        <source>Check or regenerate your API key at build.nvidia.com and enter it in Settings, on the Connection tab, or set the NVIDIA_API_KEY environment variable.</source>
        <translation>build.nvidia.com에서 API 키를 확인하거나 새로 만든 뒤 설정의 연결 탭에 입력하거나, NVIDIA_API_KEY 환경 변수를 설정하세요.</translation>
    </message>
    <message>
        <source>Check that the NIM is running and that its URL (host and port) is right; &apos;Test connection&apos; in Settings tries it. Behind a proxy, add the NIM host to NO_PROXY.</source>
        <translation>NIM이 실행 중인지, URL(호스트와 포트)이 맞는지 확인하세요. 설정의 &apos;연결 테스트&apos;로 확인할 수 있습니다. 프록시를 쓴다면 NIM 호스트를 NO_PROXY에 추가하세요.</translation>
    </message>
    <message>
        <source>Check the model against the list the NIM serves (Settings, Connection tab) and check that the URL ends in /v1.</source>
        <translation>모델을 NIM이 제공하는 목록(설정, 연결 탭)과 비교하고, URL이 /v1로 끝나는지 확인하세요.</translation>
    </message>
    <message>
        <source>Check the model settings (&apos;Test connection&apos; in Settings); this request will not be retried.</source>
        <translation>모델 설정을 확인하세요(설정의 &apos;연결 테스트&apos;). 이 요청은 다시 시도하지 않습니다.</translation>
    </message>
    <message>
        <source>Choose a current model (Settings, Connection tab, lists what the NIM offers).</source>
        <translation>현재 제공되는 모델을 고르세요(설정의 연결 탭에 NIM이 제공하는 모델이 나옵니다).</translation>
    </message>
    <message>
        <source>A NIM can take several minutes to load its model after it starts; Trove retries on its own.</source>
        <translation>NIM은 시작 후 모델을 불러오는 데 몇 분이 걸릴 수 있습니다. Trove가 스스로 다시 시도합니다.</translation>
    </message>
    <message>
        <source>If the NIM uses a company certificate, choose its PEM file in Settings, Connection tab, Advanced.</source>
        <translation>NIM이 회사 인증서를 쓴다면 설정의 연결 탭, 고급에서 그 PEM 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Restart Trove; &apos;Check and repair the index&apos; in the Indexing menu rebuilds the store if needed.</source>
        <translation>Trove를 다시 시작하세요. 필요하면 색인 메뉴의 &apos;색인 검사 및 복구&apos;가 저장소를 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Choose {1} as the model in Settings, or fix the URL.</source>
        <translation>설정에서 모델로 {1}을(를) 고르거나, URL을 고치세요.</translation>
    </message>
    <message>
        <source>Enter the corrected URL in Settings.</source>
        <translation>설정에 고친 URL을 입력하세요.</translation>
    </message>
    <message>
        <source>Choose one in Settings, on the Connection tab.</source>
        <translation>설정의 연결 탭에서 고르세요.</translation>
    </message>
    <message>
        <source>Fix that value in Settings.</source>
        <translation>설정에서 그 값을 고치세요.</translation>
    </message>
    <message>
        <source>Settings shows every option.</source>
        <translation>설정에서 모든 항목을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Wait; large models can take many minutes to load. Then check again.</source>
        <translation>기다리세요. 큰 모델은 불러오는 데 여러 분이 걸릴 수 있습니다. 그런 다음 다시 점검하세요.</translation>
    </message>
    <message>
        <source>Reranking is off (Settings, Search tab).</source>
        <translation>재순위화가 꺼져 있습니다(설정, 검색 탭).</translation>
    </message>
    <message>
        <source>Allow Trove to cut over-long input (Settings, Indexing tab: Over-long input).</source>
        <translation>너무 긴 입력을 자를 수 있게 허용하세요(설정, 색인 탭: 너무 긴 입력).</translation>
    </message>
    <message>
        <source>Trove waits and retries on its own. Hosted free-tier keys allow about 40 requests a minute; lower &apos;Requests at once&apos; in Settings, Indexing tab, to send fewer.</source>
        <translation>Trove가 기다렸다가 스스로 다시 시도합니다. 무료 키는 분당 약 40개 요청만 허용합니다. 설정의 색인 탭에서 &apos;동시 요청 수&apos;를 낮춰 보내는 요청을 줄이세요.</translation>
    </message>
    <message>
        <source>Wait for it to finish, or stop `trove watch` in its terminal, and try again.</source>
        <translation>끝날 때까지 기다리거나, 터미널에서 `trove watch`를 멈추고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and is on a local disk, and that no other Trove is running with the same data folder; if it is damaged, &apos;Check and repair the index&apos; in the Indexing menu moves it aside and rebuilds it.</source>
        <translation>폴더가 있는지, 쓸 수 있는지, 로컬 디스크에 있는지, 같은 데이터 폴더로 실행 중인 다른 Trove가 없는지 확인하세요. 손상되었다면 색인 메뉴의 &apos;색인 검사 및 복구&apos;가 옆으로 옮기고 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Check the key in Settings, on the Connection tab (regenerate it at build.nvidia.com if needed), then the model&apos;s page on build.nvidia.com; &apos;Test connection&apos; in Settings tries both.</source>
        <translation>설정의 연결 탭에서 키를 확인하고(필요하면 build.nvidia.com에서 새로 만드세요), build.nvidia.com의 모델 페이지도 확인하세요. 설정의 &apos;연결 테스트&apos;가 둘 다 점검합니다.</translation>
    </message>
    <message>
        <source>OCR is off: turn on &apos;Read scans and images (OCR)&apos; in Settings, on the Indexing tab, and Trove reads the scanned pages itself.</source>
        <translation>OCR이 꺼져 있습니다. 설정의 색인 탭에서 &apos;스캔과 이미지 읽기(OCR)&apos;를 켜면 Trove가 스캔한 쪽을 직접 읽습니다.</translation>
    </message>
    <message>
        <source>Choose &apos;Check and repair the index&apos; in the Indexing menu: it rebuilds the vector index from the catalog. Your files and keyword search are not affected.</source>
        <translation>색인 메뉴에서 &apos;색인 검사 및 복구&apos;를 고르세요. 카탈로그에서 벡터 색인을 다시 만듭니다. 파일과 키워드 검색에는 영향이 없습니다.</translation>
    </message>
    <message>
        <source>The Chat view lists the conversations.</source>
        <translation>대화 화면에 대화 목록이 있습니다.</translation>
    </message>
    <message>
        <source>Choose one in Settings, on the Indexing tab.</source>
        <translation>설정의 색인 탭에서 고르세요.</translation>
    </message>
    <message>
        <source>Choose one (e.g. nvidia/nemotron-ocr-v2) in Settings, on the Indexing tab.</source>
        <translation>설정의 색인 탭에서 고르세요(예: nvidia/nemotron-ocr-v2).</translation>
    </message>
    <message>
        <source>The key may be wrong, revoked or out of credits. Check or regenerate your API key at build.nvidia.com and enter it in Settings, on the Connection tab, or set the NVIDIA_API_KEY environment variable.</source>
        <translation>키가 틀렸거나, 취소되었거나, 크레딧이 없을 수 있습니다. build.nvidia.com에서 API 키를 확인하거나 새로 만든 뒤 설정의 연결 탭에 입력하거나, NVIDIA_API_KEY 환경 변수를 설정하세요.</translation>
    </message>
    <message>
        <source>Trove builds a new index beside the old one as it indexes; semantic search returns when it is complete.</source>
        <translation>Trove가 색인하면서 기존 색인 옆에 새 색인을 만듭니다. 완성되면 의미 검색이 다시 됩니다.</translation>
    </message>
    <message>
        <source>Try again; if it keeps failing, &apos;Check and repair the index&apos; in the Indexing menu rebuilds the vector index from the catalog.</source>
        <translation>다시 시도하세요. 계속 실패하면 색인 메뉴의 &apos;색인 검사 및 복구&apos;가 카탈로그에서 벡터 색인을 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Use an https:// URL for it, or if that network is trusted, allow it in Settings &gt; Connection &gt; Advanced.</source>
        <translation>https:// URL을 쓰거나, 믿을 수 있는 네트워크라면 설정 &gt; 연결 &gt; 고급에서 허용하세요.</translation>
    </message>
    <message>
        <source>The Chat view lists them.</source>
        <translation>대화 화면에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>The Folders view lists them.</source>
        <translation>폴더 화면에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>reranking</source>
        <translation>재순위화</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>table detection</source>
        <translation>표 인식</translation>
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
    <message>
        <source>OCR (scans and images)</source>
        <translation>OCR(스캔과 이미지)</translation>
    </message>
    <message>
        <source>PDF tables</source>
        <translation>PDF 표</translation>
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
        <source>What to do</source>
        <translation>해결 방법</translation>
    </message>
    <message>
        <source>Files that could not be indexed</source>
        <translation>색인하지 못한 파일</translation>
    </message>
    <message>
        <source>Retry failed files</source>
        <translation>실패한 파일 다시 시도</translation>
    </message>
    <message numerus="yes">
        <source>Could not be indexed (%n)</source>
        <translation>
            <numerusform>색인하지 못함 (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Empty, nothing to index (%n)</source>
        <translation>
            <numerusform>빈 파일, 색인할 내용 없음 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>These files hold no text. That is not an error: Trove indexes them as soon as they get some.</source>
        <translation>이 파일들에는 텍스트가 없습니다. 오류가 아닙니다. 내용이 생기면 Trove가 바로 색인합니다.</translation>
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
        <source>Looks {language}, which the OCR engine that read it cannot read: its text may be wrong.</source>
        <translation>{language}(으)로 보이지만 이 파일을 읽은 OCR 엔진은 그 언어를 읽지 못합니다. 텍스트가 틀렸을 수 있습니다.</translation>
    </message>
    <message>
        <source>Set up the OCR NIM (nvidia/nemotron-ocr-v2 reads Korean, Chinese, Japanese, Russian and English) in Settings, Connection; Trove then reads it again.</source>
        <translation>설정의 연결에서 OCR NIM을 설정하세요(nvidia/nemotron-ocr-v2는 한국어, 중국어, 일본어, 러시아어, 영어를 읽습니다). 그러면 Trove가 다시 읽습니다.</translation>
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
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>폴더에서 보기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Retry this file</source>
        <translation>이 파일 다시 시도(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Exclude from indexing</source>
        <translation>색인에서 제외(&amp;E)</translation>
    </message>
    <message>
        <source>{name} is indexed now.</source>
        <translation>{name}이(가) 이제 색인되었습니다.</translation>
    </message>
    <message>
        <source>{name} still cannot be read.</source>
        <translation>{name}을(를) 여전히 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} is now excluded from indexing (Exclusions… undoes it).</source>
        <translation>{name}을(를) 색인에서 제외했습니다(제외 항목…에서 되돌릴 수 있습니다).</translation>
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
        <source>Trove is reading your folders again.</source>
        <translation>Trove가 폴더를 다시 읽는 중입니다.</translation>
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
        <source>What OCR read of it looks like noise or was read with low confidence: it may be in a language the engine cannot read, and its text may be wrong.</source>
        <translation>OCR이 읽은 내용이 의미 없는 글자처럼 보이거나 낮은 신뢰도로 읽혔습니다. 엔진이 읽지 못하는 언어일 수 있으며 텍스트가 틀렸을 수 있습니다.</translation>
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
</context>
<context>
    <name>Location</name>
    <message>
        <source>p. {page}</source>
        <translation>{page}쪽</translation>
    </message>
    <message>
        <source>slide {slide}</source>
        <translation>슬라이드 {slide}</translation>
    </message>
    <message>
        <source>rows {rows}</source>
        <translation>{rows}행</translation>
    </message>
    <message>
        <source>row {rows}</source>
        <translation>{rows}행</translation>
    </message>
    <message>
        <source>lines {lines}</source>
        <translation>{lines}행</translation>
    </message>
    <message>
        <source>line {lines}</source>
        <translation>{lines}행</translation>
    </message>
    <message>
        <source>OCR</source>
        <translation>OCR</translation>
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
        <source>Trove is not set up yet: it does not know where your NIM services are, so semantic search and chat are off. Keyword search works as soon as you add a folder.</source>
        <translation>Trove가 아직 설정되지 않았습니다. NIM 서비스의 위치를 모르기 때문에 의미 검색과 대화를 쓸 수 없습니다. 키워드 검색은 폴더를 추가하면 바로 됩니다.</translation>
    </message>
    <message>
        <source>Set up Trove…</source>
        <translation>Trove 설정…</translation>
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
        <source>Set &amp;up Trove…</source>
        <translation>Trove 설정(&amp;U)…</translation>
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
        <source>&amp;Check and repair the index</source>
        <translation>색인 검사 및 복구(&amp;C)</translation>
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
        <source>Pausing…</source>
        <translation>일시 중지하는 중…</translation>
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
        <source>The service lists no models.</source>
        <translation>서비스가 제공하는 모델이 없습니다.</translation>
    </message>
    <message>
        <source>This NIM serves 1 suitable model: {names}</source>
        <translation>이 NIM은 알맞은 모델 1개를 제공합니다: {names}</translation>
    </message>
    <message>
        <source>This NIM serves {count} suitable models: {names}</source>
        <translation>이 NIM은 알맞은 모델 {count}개를 제공합니다: {names}</translation>
    </message>
    <message>
        <source>None of the models this service offers looks right for this; pick one under Other, or check the URL.</source>
        <translation>이 서비스가 제공하는 모델 중 여기에 맞는 것이 없어 보입니다. &apos;기타&apos;에서 고르거나 URL을 확인하세요.</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
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
        <source>Floor under answers (reranker score)</source>
        <translation>답변 하한 (재순위 점수)</translation>
    </message>
    <message>
        <source>Floor under answers (similarity)</source>
        <translation>답변 하한 (유사도)</translation>
    </message>
    <message>
        <source>Floor under answers (share above the background)</source>
        <translation>답변 하한 (배경 유사도 위 비율)</translation>
    </message>
    <message>
        <source>Supported sentence (reranker score)</source>
        <translation>뒷받침 기준 (재순위 점수)</translation>
    </message>
    <message>
        <source>Supported sentence (share of its words in the passage)</source>
        <translation>뒷받침 기준 (구절에 있는 단어 비율)</translation>
    </message>
    <message>
        <source>Supported sentence (similarity)</source>
        <translation>뒷받침 기준 (유사도)</translation>
    </message>
    <message>
        <source>OCR NIM base URL (optional)</source>
        <translation>OCR NIM 기본 URL(선택)</translation>
    </message>
    <message>
        <source>Read scans and images (OCR)</source>
        <translation>스캔과 이미지 읽기(OCR)</translation>
    </message>
    <message>
        <source>OCR engine</source>
        <translation>OCR 엔진</translation>
    </message>
    <message>
        <source>OCR model</source>
        <translation>OCR 모델</translation>
    </message>
    <message>
        <source>OCR NIM path</source>
        <translation>OCR NIM 경로</translation>
    </message>
    <message>
        <source>Local OCR languages</source>
        <translation>로컬 OCR 언어</translation>
    </message>
    <message>
        <source>Pages per OCR request</source>
        <translation>OCR 요청당 페이지 수</translation>
    </message>
    <message>
        <source>Page resolution for OCR (dpi)</source>
        <translation>OCR용 페이지 해상도(dpi)</translation>
    </message>
    <message>
        <source>OCR time limit per file (s)</source>
        <translation>파일당 OCR 제한 시간(초)</translation>
    </message>
    <message>
        <source>OCR memory cap (MB)</source>
        <translation>OCR 메모리 상한(MB)</translation>
    </message>
    <message>
        <source>Page-elements NIM base URL (PDF tables, optional)</source>
        <translation>페이지 요소 NIM 기본 URL(PDF 표, 선택)</translation>
    </message>
    <message>
        <source>Page-elements model</source>
        <translation>페이지 요소 모델</translation>
    </message>
    <message>
        <source>Table-structure NIM base URL (optional)</source>
        <translation>표 구조 NIM 기본 URL(선택)</translation>
    </message>
    <message>
        <source>Table-structure model</source>
        <translation>표 구조 모델</translation>
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
        <source>Translate queries into</source>
        <translation>검색어를 번역할 언어</translation>
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
        <source>When a reranking NIM answers</source>
        <translation>재순위 NIM이 응답할 때</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>항상</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>사용 안 함</translation>
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
        <source>Cut the end and count it</source>
        <translation>끝을 자르고 기록</translation>
    </message>
    <message>
        <source>Cut the end</source>
        <translation>끝 자르기</translation>
    </message>
    <message>
        <source>Cut the start</source>
        <translation>앞부분 자르기</translation>
    </message>
    <message>
        <source>Not cut (the NIM refuses it)</source>
        <translation>자르지 않음 (NIM이 거부)</translation>
    </message>
    <message>
        <source>The OCR NIM when it answers, else a local engine</source>
        <translation>OCR NIM이 응답하면 NIM, 아니면 로컬 엔진</translation>
    </message>
    <message>
        <source>OCR NIM</source>
        <translation>OCR NIM</translation>
    </message>
    <message>
        <source>RapidOCR (local)</source>
        <translation>RapidOCR (로컬)</translation>
    </message>
    <message>
        <source>Tesseract (local)</source>
        <translation>Tesseract (로컬)</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>자동 감지</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>Same language as the question</source>
        <translation>질문과 같은 언어</translation>
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
    <name>PdfViewer</name>
    <message>
        <source>{name} — Trove</source>
        <translation>{name} — Trove</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>이전 페이지 (Page Up)</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>다음 페이지 (Page Down)</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>페이지</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>축소 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>확대 (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>너비에 맞추기</translation>
    </message>
    <message>
        <source>Find (Ctrl+F)</source>
        <translation>찾기 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open in its own program</source>
        <translation>기본 프로그램으로 열기</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Rendering page {page}…</source>
        <translation>{page}페이지를 그리는 중…</translation>
    </message>
    <message>
        <source>of {pages}</source>
        <translation>/ {pages}</translation>
    </message>
    <message>
        <source>This page was read by OCR before Trove kept where its lines are: the passage is boxed once the file changes and is read again.</source>
        <translation>이 페이지는 Trove가 줄의 위치를 저장하기 전에 OCR로 읽었습니다. 파일이 바뀌어 다시 읽히면 구절에 상자가 표시됩니다.</translation>
    </message>
    <message>
        <source>The passage could not be found on this page.</source>
        <translation>이 페이지에서 구절을 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>Copied: {text}</source>
        <translation>복사함: {text}</translation>
    </message>
    <message>
        <source>No text there.</source>
        <translation>그곳에는 텍스트가 없습니다.</translation>
    </message>
    <message>
        <source>No match for “{text}”.</source>
        <translation>“{text}”와(과) 일치하는 내용이 없습니다.</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>찾는 위치(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>파일 형식(&amp;T):</translation>
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
    <name>ScopeSelector</name>
    <message numerus="yes">
        <source>%n chosen files</source>
        <translation>
            <numerusform>고른 파일 %n개</numerusform>
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
        <source>View in Trove</source>
        <translation>Trove에서 보기</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>구절</translation>
    </message>
    <message>
        <source>Show the passage highlighted in its document (Enter)</source>
        <translation>문서 안에서 구절을 강조해 보여 줍니다 (Enter)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open in its own program at page {page}</source>
        <translation>기본 프로그램에서 {page}페이지 열기</translation>
    </message>
    <message>
        <source>Open in its own program</source>
        <translation>기본 프로그램으로 열기</translation>
    </message>
    <message>
        <source>Show in folder</source>
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
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <source>Also searched as: {translations}</source>
        <translation>번역해서도 검색함: {translations}</translation>
    </message>
    <message>
        <source>Searching… these results are for the previous query.</source>
        <translation>검색 중… 지금 보이는 결과는 이전 검색어의 결과입니다.</translation>
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
        <source>Scans and images (OCR)</source>
        <translation>스캔과 이미지(OCR)</translation>
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
        <source>The current index holds {size}-dimension vectors.</source>
        <translation>현재 색인의 벡터 크기는 {size}차원입니다.</translation>
    </message>
    <message>
        <source>The current index holds {size}-dimension vectors: the embedding model decides the size unless it accepts the one chosen here.</source>
        <translation>현재 색인의 벡터 크기는 {size}차원입니다. 여기서 고른 크기를 받아들이지 않는 임베딩 모델은 자체 크기를 사용합니다.</translation>
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
        <source>Leave the setup?</source>
        <translation>설정을 그만둘까요?</translation>
    </message>
    <message>
        <source>Trove will open without NIM services: keyword search works once you add a folder, but semantic search and chat need a NIM. The window offers this setup again until it is done.</source>
        <translation>Trove가 NIM 서비스 없이 열립니다. 폴더를 추가하면 키워드 검색은 되지만, 의미 검색과 대화에는 NIM이 필요합니다. 설정을 마칠 때까지 창에서 다시 설정할 수 있습니다.</translation>
    </message>
    <message>
        <source>Leave setup</source>
        <translation>설정 그만두기</translation>
    </message>
    <message>
        <source>Continue setup</source>
        <translation>설정 계속하기</translation>
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
        <source>View in Trove</source>
        <translation>Trove에서 보기</translation>
    </message>
    <message>
        <source>Show the document with the passage highlighted</source>
        <translation>구절을 강조한 문서를 보여 줍니다</translation>
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
        <source>Reading scans (OCR), pages</source>
        <translation>스캔 읽는 중(OCR), 페이지</translation>
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
        <source>Embedding NIM unavailable since {time} — keyword search only; Trove resumes by itself when it answers</source>
        <translation>{time}부터 임베딩 NIM 사용 불가 — 키워드 검색만 가능; 응답이 돌아오면 Trove가 스스로 다시 시작합니다</translation>
    </message>
    <message>
        <source>{waiting} of {total} passages wait for a vector.</source>
        <translation>구절 {total}개 중 {waiting}개가 벡터를 기다립니다.</translation>
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
    <name>TextViewer</name>
    <message>
        <source>{name} — Trove</source>
        <translation>{name} — Trove</translation>
    </message>
    <message>
        <source>Find in the document (Ctrl+F)</source>
        <translation>문서에서 찾기 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>이전 일치 (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>다음 일치 (Enter)</translation>
    </message>
    <message>
        <source>Open in its own program</source>
        <translation>기본 프로그램으로 열기</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>목차</translation>
    </message>
    <message>
        <source>Reading the document…</source>
        <translation>문서를 읽는 중…</translation>
    </message>
    <message>
        <source>Only part of this long document is shown.</source>
        <translation>이 긴 문서는 일부만 표시합니다.</translation>
    </message>
    <message>
        <source>No match for “{text}”.</source>
        <translation>“{text}”와(과) 일치하는 내용이 없습니다.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>From</source>
        <translation>보낸 사람</translation>
    </message>
    <message>
        <source>To</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>참조</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <source>p. {page}</source>
        <translation>{page}쪽</translation>
    </message>
    <message>
        <source>Slide {number}</source>
        <translation>슬라이드 {number}</translation>
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
